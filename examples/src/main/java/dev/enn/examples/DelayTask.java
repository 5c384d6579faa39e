package dev.enn.examples;

import dev.enn.data.Dataset;
import dev.enn.loss.MseLoss;
import dev.enn.model.EnnDynamicsMode;
import dev.enn.model.EnnModel;
import dev.enn.model.RecurrentOptions;
import dev.enn.model.TaskHead;
import dev.enn.optim.AdamW;
import dev.enn.tensor.Autograd;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.train.Trainer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains reference and recurrent ENNs on the delay task and prints their validation MSE.
 *
 * <p>The inputs are {@code X ~ N(0, 1)} of shape {@code [samples, steps, 3]} and the target is the
 * input {@code lag} steps before the end, {@code y = X[:, steps − lag, :]}, so the target variance
 * is 1. The first 70% of the samples train and the rest validate. The reference mode reads only
 * the last step, which is independent of the target, so its validation MSE cannot go below about
 * 1. The recurrent mode has to carry the value through {@code lag − 1} later steps.
 *
 * <pre>
 * mvn -B -q -DskipTests -pl examples -am package exec:java \
 *     -Dexec.mainClass=dev.enn.examples.DelayTask -Dexec.args="--mode both"
 * </pre>
 */
@Command(name = "delay-task", mixinStandardHelpOptions = true,
        description = "Train ENNs to output the input of 'lag' steps before the end of a random sequence and print"
                + " the validation MSE of each dynamics mode.")
public final class DelayTask implements Callable<Integer> {
    static final int FEATURES = 3;
    static final double TRAIN_FRACTION = 0.7;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "both",
            description = "Dynamics to train: reference, recurrent or both (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the data; the model and the shuffling use fixed seeds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "60",
            description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000",
            description = "Sequences in total, 70%% for training (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "20",
            description = "Time steps per sequence (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lag", paramLabel = "K", defaultValue = "5",
            description = "The target is the input K steps before the end, at index T - K (default: ${DEFAULT-VALUE}).")
    int lag;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "3",
            description = "Weight-tied entangle-and-mix iterations per step (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--buffer-size", paramLabel = "M", defaultValue = "1",
            description = "States in the short-term buffer (default: ${DEFAULT-VALUE}).")
    int bufferSize;

    @Option(names = "--decay", paramLabel = "RATE", defaultValue = "0.0",
            description = "Memory decay rate; the carried state is multiplied by exp(-RATE) per step"
                    + " (default: ${DEFAULT-VALUE}).")
    double decayRate;

    @Option(names = "--collapse", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Add the state collapse residual in recurrent mode (default: ${DEFAULT-VALUE}).")
    boolean collapse;

    @Option(names = "--top-k", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Keep only the 3 largest-magnitude entries per neuron in recurrent mode"
                    + " (default: ${DEFAULT-VALUE}).")
    boolean topK;

    /** Runs the command line; exits with 0, or 2 for an invalid option value. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Returns the command line, which prints an invalid option value's message and exits with 2. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new DelayTask());
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            if (exception instanceof IllegalArgumentException) {
                command.getErr().println("delay-task: " + exception.getMessage());
                return 2;
            }
            throw exception;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        List<EnnDynamicsMode> modes = switch (mode) {
            case "reference" -> List.of(EnnDynamicsMode.REFERENCE);
            case "recurrent" -> List.of(EnnDynamicsMode.RECURRENT);
            case "both" -> List.of(EnnDynamicsMode.REFERENCE, EnnDynamicsMode.RECURRENT);
            default -> throw new IllegalArgumentException("--mode " + mode
                    + " is invalid; use reference, recurrent or both");
        };
        Settings settings = new Settings(samples, steps, lag, epochs, seed, layers, bufferSize, decayRate,
                new RecurrentOptions(collapse, RecurrentOptions.DEFAULT_COLLAPSE_WEIGHT, topK));
        PrintWriter out = new CommandLine(this).getOut();
        out.printf(Locale.ROOT, "Delay task: X ~ N(0, 1) of shape [%d, %d, %d], y = X[:, %d, :], data seed %d,"
                + " %d epochs%n", samples, steps, FEATURES, steps - lag, seed, epochs);
        for (EnnDynamicsMode dynamics : modes) {
            long start = System.nanoTime();
            double mse = validationMse(settings, dynamics);
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "  %-9s validation MSE %.4f  (%.1f s)%n",
                    dynamics.name().toLowerCase(Locale.ROOT), mse, seconds);
        }
        out.flush();
        return 0;
    }

    /**
     * Sizes and seeds of one delay-task run.
     *
     * @param samples sequences in total; the first 70% train
     * @param steps time steps T per sequence
     * @param lag the target is the input at step {@code T − lag}; in [1, T]
     * @param epochs training epochs
     * @param seed seed of the data
     * @param numLayers entangle-and-mix iterations L
     * @param bufferSize short-term buffer size M
     * @param decayRate memory decay rate
     * @param options collapse and top-k switches of the recurrent mode
     */
    record Settings(int samples, int steps, int lag, int epochs, long seed, int numLayers, int bufferSize,
            double decayRate, RecurrentOptions options) {
        Settings {
            if (lag < 1 || lag > steps) {
                throw new IllegalArgumentException("lag = " + lag + " is invalid for " + steps
                        + " steps; it must lie in [1, " + steps + "]");
            }
            if (samples < 4) {
                throw new IllegalArgumentException("samples = " + samples + " is invalid; use at least 4");
            }
        }
    }

    /**
     * Trains one model on the delay task and returns the validation MSE of the weights with the
     * lowest validation MSE over the epochs. The model seed (1), trainer seed (7), AdamW learning
     * rate (1e-2), batch size (32), gradient clipping (norm 1), N = 10 neurons and S = 5 states are
     * fixed.
     */
    static double validationMse(Settings settings, EnnDynamicsMode dynamics) {
        Tensor x = Tensor.randn(new Rng(settings.seed()).fork("x"), settings.samples(), settings.steps(), FEATURES);
        Tensor y = x.select(1, settings.steps() - settings.lag()).copy();
        Dataset all = new Dataset(x, y);
        int trainSize = (int) Math.round(settings.samples() * TRAIN_FRACTION);
        Dataset train = all.subset(0, trainSize);
        Dataset validation = all.subset(trainSize, settings.samples());

        EnnModel model = EnnModel.builder()
                .inputFeatures(FEATURES).numNeurons(10).numStates(5).numLayers(settings.numLayers())
                .bufferSize(settings.bufferSize()).decayRate(settings.decayRate())
                .dynamics(dynamics).recurrentOptions(settings.options())
                .head(TaskHead.linear(FEATURES)).seed(1)
                .build();
        Trainer.builder(model, new MseLoss(), new AdamW(model.namedParameters(), 1e-2))
                .epochs(settings.epochs()).batchSize(32).clipNorm(1.0).seed(7)
                .validation(validation).restoreBestWeights(true)
                .build()
                .fit(train);

        model.setTraining(false);
        try (Autograd.Scope noGrad = Autograd.noGrad()) {
            Tensor prediction = model.forward(validation.all().inputs());
            return prediction.sub(validation.all().targets()).square().mean().item();
        }
    }
}
