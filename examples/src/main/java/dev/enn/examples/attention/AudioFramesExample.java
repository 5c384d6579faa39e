package dev.enn.examples.attention;

import dev.enn.data.Dataset;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.PrintStream;

/**
 * Classifies synthetic MFCC-like audio frames with the {@code full} attention preset: batches of
 * 32 clips × 100 frames × 13 coefficients. Each clip belongs to one of two sound classes that
 * differ in spectral tilt (the mean of coefficient k rises with k for one class and falls for the
 * other), under frame-to-frame noise.
 */
public final class AudioFramesExample {
    static final int BATCH = 32;
    static final int FRAMES = 100;
    static final int COEFFICIENTS = 13;

    private AudioFramesExample() {
    }

    /** Builds {@code batches} batches of clips and their class labels {@code [n]}. */
    static Dataset clips(int batches, Rng rng) {
        int n = batches * BATCH;
        double[] x = new double[n * FRAMES * COEFFICIENTS];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            int label = rng.nextInt(2);
            labels[i] = label;
            double sign = label == 0 ? 1.0 : -1.0;
            for (int t = 0; t < FRAMES; t++) {
                for (int k = 0; k < COEFFICIENTS; k++) {
                    double tilt = sign * (k - COEFFICIENTS / 2.0) / COEFFICIENTS;
                    x[(i * FRAMES + t) * COEFFICIENTS + k] = tilt + 0.5 * rng.nextGaussian();
                }
            }
        }
        return new Dataset(Tensor.wrap(x, n, FRAMES, COEFFICIENTS), Tensor.wrap(labels, n));
    }

    static AttentionUsage.Outcome run(int epochs, PrintStream out) {
        Rng rng = new Rng(11);
        return AttentionUsage.run("Audio frames: 2 sound classes from 100 MFCC-like frames of 13 coefficients",
                "full", clips(6, rng.fork("train")), clips(2, rng.fork("test")), COEFFICIENTS, 2, 0, BATCH,
                epochs, 11, out);
    }

    /** Trains for the number of epochs given as the first argument (default 3) and prints what it learned. */
    public static void main(String[] args) {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 3, System.out);
    }
}
