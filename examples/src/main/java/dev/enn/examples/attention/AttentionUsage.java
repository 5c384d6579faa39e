package dev.enn.examples.attention;

import dev.enn.data.Dataset;
import dev.enn.loss.CrossEntropyLoss;
import dev.enn.loss.Loss;
import dev.enn.loss.MseLoss;
import dev.enn.model.EnnModel;
import dev.enn.model.InputFormat;
import dev.enn.model.TaskHead;
import dev.enn.optim.AdamW;
import dev.enn.train.Evaluation;
import dev.enn.train.Metrics;
import dev.enn.train.Trainer;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shared steps of the three attention usage examples: build an ENN with an attention preset,
 * score it on held-out data, train a few epochs, and score it again.
 */
final class AttentionUsage {
    private static final double LEARNING_RATE = 3e-3;

    private AttentionUsage() {
    }

    /** Outcome of an example: its parameter counts and the held-out score before and after training. */
    record Outcome(long parameters, long reachableParameters, Evaluation before, Evaluation after) {
    }

    /**
     * Trains an ENN with the given preset and prints what it learned.
     *
     * @param classes number of classes for a classification task, or 0 for regression with
     *     {@code outputs} targets
     */
    static Outcome run(String title, String preset, Dataset train, Dataset test, int features, int classes,
                       int outputs, int batchSize, int epochs, long seed, PrintStream out) {
        boolean classification = classes > 0;
        EnnModel model = EnnModel.builder()
                .inputFeatures(features).numNeurons(12).numStates(4)
                .inputFormat(InputFormat.SEQUENCE)
                .head(TaskHead.linear(classification ? classes : outputs))
                .attention(preset)
                .seed(seed)
                .build();
        out.printf(Locale.ROOT, "%s%nENN with the '%s' attention preset: %,d parameters, %,d of them reach the output%n",
                title, preset, model.parameterCount(), model.reachableParameterCount());
        out.printf("Data: %d training and %d held-out sequences of shape %s%n", train.size(), test.size(),
                java.util.Arrays.toString(train.sampleShape()));

        Evaluation before = Metrics.evaluate(model, test, batchSize);
        Loss loss = classification ? new CrossEntropyLoss() : new MseLoss();
        long start = System.nanoTime();
        Trainer.builder(model, loss, new AdamW(model.namedParameters(), LEARNING_RATE))
                .epochs(epochs).batchSize(batchSize).seed(seed)
                .clipNorm(1.0)
                .build()
                .fit(train);
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation after = Metrics.evaluate(model, test, batchSize);

        if (classification) {
            out.printf(Locale.ROOT, "Held-out accuracy: %.3f before training, %.3f after %d epochs (%.1f s); chance is %.3f%n",
                    before.accuracy(), after.accuracy(), epochs, seconds, 1.0 / classes);
        } else {
            out.printf(Locale.ROOT, "Held-out MSE: %.4f before training, %.4f after %d epochs (%.1f s)%n",
                    before.mse(), after.mse(), epochs, seconds);
        }
        return new Outcome(model.parameterCount(), model.reachableParameterCount(), before, after);
    }
}
