package dev.enn.examples.attention;

import dev.enn.data.Dataset;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.PrintStream;

/**
 * Classifies synthetic sentences of 768-dimensional token embeddings with the {@code minimal}
 * attention preset: batches of 16 sentences × 50 tokens × 768 features. Tokens are random vectors
 * of about unit length. The last token (a pooled, CLS-like summary) leans towards one of three
 * topic directions, and the task is to name the topic.
 */
public final class SentenceEmbeddingsExample {
    static final int BATCH = 16;
    static final int TOKENS = 50;
    static final int FEATURES = 768;
    static final int TOPICS = 3;

    private SentenceEmbeddingsExample() {
    }

    /** Builds {@code batches} batches of sentences and their topic labels {@code [n]}. */
    static Dataset sentences(int batches, double[][] topics, Rng rng) {
        int n = batches * BATCH;
        double scale = 1.0 / Math.sqrt(FEATURES);
        double[] x = new double[n * TOKENS * FEATURES];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            int topic = rng.nextInt(TOPICS);
            labels[i] = topic;
            for (int t = 0; t < TOKENS; t++) {
                for (int f = 0; f < FEATURES; f++) {
                    double noise = scale * rng.nextGaussian();
                    double lean = t == TOKENS - 1 ? 0.3 * topics[topic][f] : 0.0;
                    x[(i * TOKENS + t) * FEATURES + f] = noise + lean;
                }
            }
        }
        return new Dataset(Tensor.wrap(x, n, TOKENS, FEATURES), Tensor.wrap(labels, n));
    }

    static AttentionUsage.Outcome run(int epochs, PrintStream out) {
        Rng rng = new Rng(12);
        double[][] topics = new double[TOPICS][FEATURES];
        Rng topicRng = rng.fork("topics");
        for (double[] direction : topics) {
            for (int f = 0; f < FEATURES; f++) {
                direction[f] = topicRng.nextGaussian() / Math.sqrt(FEATURES);
            }
        }
        return AttentionUsage.run("Sentence embeddings: 3 topics from 50 tokens of 768 features",
                "minimal", sentences(8, topics, rng.fork("train")), sentences(4, topics, rng.fork("test")),
                FEATURES, TOPICS, 0, BATCH, epochs, 12, out);
    }

    /** Trains for the number of epochs given as the first argument (default 5) and prints what it learned. */
    public static void main(String[] args) {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 5, System.out);
    }
}
