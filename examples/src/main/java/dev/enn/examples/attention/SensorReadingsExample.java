package dev.enn.examples.attention;

import dev.enn.data.Dataset;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.PrintStream;

/**
 * Predicts the next reading of a machine's vibration sensor from six sensor channels with the
 * {@code neuron_only} attention preset: batches of 64 windows × 200 readings × 6 channels. The
 * channels are noisy sinusoids of different periods. The vibration at the next step is a fixed
 * mix of the six latest readings plus noise, and the model has to find that mix.
 */
public final class SensorReadingsExample {
    static final int BATCH = 64;
    static final int READINGS = 200;
    static final int CHANNELS = 6;
    private static final double[] MIX = {0.8, -0.5, 0.3, 0.0, 0.6, -0.2};

    private SensorReadingsExample() {
    }

    /** Builds {@code batches} batches of windows and their next vibration value {@code [n, 1]}. */
    static Dataset windows(int batches, Rng rng) {
        int n = batches * BATCH;
        double[] x = new double[n * READINGS * CHANNELS];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double phase = 2 * Math.PI * rng.nextDouble();
            double target = 0;
            for (int t = 0; t < READINGS; t++) {
                for (int c = 0; c < CHANNELS; c++) {
                    double value = Math.sin(phase + t * 2 * Math.PI / (12.0 + 7 * c)) + 0.1 * rng.nextGaussian();
                    x[(i * READINGS + t) * CHANNELS + c] = value;
                    if (t == READINGS - 1) {
                        target += MIX[c] * value;
                    }
                }
            }
            y[i] = target + 0.05 * rng.nextGaussian();
        }
        return new Dataset(Tensor.wrap(x, n, READINGS, CHANNELS), Tensor.wrap(y, n, 1));
    }

    static AttentionUsage.Outcome run(int epochs, PrintStream out) {
        Rng rng = new Rng(13);
        return AttentionUsage.run("Sensor readings: next vibration value from 200 readings of 6 channels",
                "neuron_only", windows(6, rng.fork("train")), windows(2, rng.fork("test")), CHANNELS, 0, 1, BATCH,
                epochs, 13, out);
    }

    /** Trains for the number of epochs given as the first argument (default 10) and prints what it learned. */
    public static void main(String[] args) {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 10, System.out);
    }
}
