package dev.enn.examples.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/**
 * Runs the three attention usage examples with their default epochs and checks that each learns
 * its task on held-out data (the seeds are fixed, so the figures are reproducible).
 */
class AttentionUsageExamplesTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void audioFramesLearnSoundClass() {
        AttentionUsage.Outcome outcome = AudioFramesExample.run(3, QUIET);
        assertEquals(148_730, outcome.parameters());
        assertTrue(outcome.after().accuracy() >= 0.85, "held-out accuracy " + outcome.after().accuracy());
    }

    @Test
    void sentenceEmbeddingsLearnTopic() {
        AttentionUsage.Outcome outcome = SentenceEmbeddingsExample.run(5, QUIET);
        assertTrue(outcome.after().accuracy() >= 0.9, "held-out accuracy " + outcome.after().accuracy());
    }

    @Test
    void sensorReadingsLearnMix() {
        AttentionUsage.Outcome outcome = SensorReadingsExample.run(10, QUIET);
        double before = outcome.before().mse();
        double after = outcome.after().mse();
        assertTrue(after < 0.1 * before, "held-out MSE " + after + " is not below a tenth of " + before);
    }
}
