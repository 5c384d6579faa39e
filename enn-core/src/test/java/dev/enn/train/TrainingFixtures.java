package dev.enn.train;

import dev.enn.data.Dataset;
import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Activation;
import dev.enn.layer.Dropout;
import dev.enn.layer.Layer;
import dev.enn.layer.Linear;
import dev.enn.layer.Sequential;
import dev.enn.loss.Loss;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Small models, datasets and listeners shared by the trainer tests. */
final class TrainingFixtures {
    private TrainingFixtures() {
    }

    /** Returns Linear(in, hidden) → tanh → Linear(hidden, out), initialised from {@code seed}. */
    static Sequential mlp(int in, int hidden, int out, long seed) {
        Rng init = new Rng(seed).fork("init");
        return new Sequential(new Linear(in, hidden, init), new Activation(Activation.Kind.TANH),
                new Linear(hidden, out, init));
    }

    /** Returns Linear → tanh → Dropout(p) → Linear, with separate init and dropout streams from {@code seed}. */
    static Sequential mlpWithDropout(int in, int hidden, int out, double p, long seed) {
        Rng root = new Rng(seed);
        Rng init = root.fork("init");
        return new Sequential(new Linear(in, hidden, init), new Activation(Activation.Kind.TANH),
                new Dropout(p, root.fork("dropout")), new Linear(hidden, out, init));
    }

    /** Returns n samples of F uniform features in [-1, 1) with target sum(x)·0.5 + sin(x₀), shape [n, 1]. */
    static Dataset regression(int n, int features, long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.uniform(rng, -1, 1, n, features);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int f = 0; f < features; f++) {
                sum += x.get(i, f);
            }
            y[i] = 0.5 * sum + Math.sin(x.get(i, 0));
        }
        return new Dataset(x, Tensor.of(y, n, 1));
    }

    /** Returns every parameter value of the model, concatenated in name order. */
    static double[] flatParameters(Layer model) {
        List<Double> values = new ArrayList<>();
        for (Tensor p : model.namedParameters().values()) {
            for (double v : p.dataView()) {
                values.add(v);
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Listener that records every event it receives. */
    static final class RecordingListener implements TrainingListener {
        final List<TrainingSetup> starts = new ArrayList<>();
        final List<int[]> epochOrders = new ArrayList<>();
        final List<StepMetrics> steps = new ArrayList<>();
        final List<SkippedStep> skipped = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<EpochMetrics> epochs = new ArrayList<>();
        final List<TrainingHistory> ends = new ArrayList<>();

        @Override
        public void onTrainStart(TrainingSetup setup) {
            starts.add(setup);
        }

        @Override
        public void onEpochStart(int epoch, int[] sampleOrder) {
            epochOrders.add(sampleOrder);
        }

        @Override
        public void onStep(StepMetrics metrics) {
            steps.add(metrics);
        }

        @Override
        public void onSkippedStep(SkippedStep step) {
            skipped.add(step);
        }

        @Override
        public void onWarning(String message) {
            warnings.add(message);
        }

        @Override
        public void onEpochEnd(EpochMetrics metrics) {
            epochs.add(metrics);
        }

        @Override
        public void onTrainEnd(TrainingHistory history) {
            ends.add(history);
        }

        double[] stepLosses() {
            return steps.stream().mapToDouble(StepMetrics::loss).toArray();
        }

        double[] stepLearningRates() {
            return steps.stream().mapToDouble(StepMetrics::learningRate).toArray();
        }
    }

    /**
     * Loss that returns MSE except on the listed call numbers (0-based), where it returns NaN
     * ({@code poisonLoss}) or a finite value whose backward writes +∞ into the gradient.
     */
    static final class FaultyLoss implements Loss {
        private final int faultyCall;
        private final boolean poisonLoss;
        private int calls;

        FaultyLoss(int faultyCall, boolean poisonLoss) {
            this.faultyCall = faultyCall;
            this.poisonLoss = poisonLoss;
        }

        @Override
        public Tensor compute(Tensor prediction, Tensor target) {
            Tensor mse = prediction.sub(target).square().mean();
            if (calls++ != faultyCall) {
                return mse;
            }
            if (poisonLoss) {
                return mse.mul(Double.NaN);
            }
            return Tensor.fromOp(new double[] {mse.item()}, new int[0],
                    outputGrad -> prediction.gradBuffer()[0] += Double.POSITIVE_INFINITY, prediction);
        }
    }

    /**
     * Linear(1, 1) with a buffer that counts training-mode forward passes, to check that
     * "restore best weights" restores buffers too.
     */
    static final class CountingLinear extends AbstractLayer {
        private final Linear linear;
        private final Tensor calls;

        CountingLinear(long seed) {
            this.linear = registerChild("linear", new Linear(1, 1, new Rng(seed)));
            this.calls = registerBuffer("calls", Tensor.zeros(1));
        }

        @Override
        public Tensor forward(Tensor input) {
            if (isTraining()) {
                calls.dataView()[0]++;
            }
            return linear.forward(input);
        }
    }
}
