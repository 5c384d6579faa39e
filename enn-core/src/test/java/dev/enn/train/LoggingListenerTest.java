package dev.enn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.Sequential;
import dev.enn.loss.MseLoss;
import dev.enn.optim.Adam;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LoggingListenerTest {
    /** Records the level and text of every {@code info(String)} and {@code warn(String)} call. */
    private static Logger recordingLogger(List<String> lines) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("is") && name.endsWith("Enabled")) {
                        return true;
                    }
                    if ((name.equals("info") || name.equals("warn")) && args != null && args.length == 1) {
                        lines.add(name.toUpperCase() + " " + args[0]);
                        return null;
                    }
                    if (name.equals("getName")) {
                        return "recording";
                    }
                    throw new AssertionError("unexpected logger call " + method);
                });
    }

    @Test
    void logsEveryKStepsAndEachEpoch() {
        List<String> lines = new ArrayList<>();
        Sequential model = TrainingFixtures.mlp(2, 4, 1, 9);
        Trainer.builder(model, new MseLoss(), new Adam(model.namedParameters(), 0.01))
                .batchSize(2)
                .epochs(2)
                .listener(new LoggingListener(recordingLogger(lines), 4))
                .build()
                .fit(TrainingFixtures.regression(10, 2, 7));

        assertEquals(1 + 2 + 2 + 1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("INFO event=train_start epochs=2 train_samples=10 validation_samples=0"
                + " batch_size=2 steps_per_epoch=5 parameters=17"), lines.get(0));
        assertTrue(lines.get(1).matches("INFO event=step epoch=0 step=3 loss=\\S+ lr=0\\.0100000 grad_norm=\\S+ ms=\\S+"),
                lines.get(1));
        assertTrue(lines.get(2).matches("INFO event=epoch epoch=0 train_loss=\\S+ val_loss=NaN val_metric=NaN"
                + " skipped=0 ms=\\S+"), lines.get(2));
        assertTrue(lines.get(3).startsWith("INFO event=step epoch=1 step=7 "), lines.get(3));
        assertTrue(lines.get(4).startsWith("INFO event=epoch epoch=1 "), lines.get(4));
        assertTrue(lines.get(5).startsWith("INFO event=train_end epochs_run=2 best_epoch="), lines.get(5));
        for (String line : lines) {
            assertTrue(line.indexOf('\n') < 0, "one line per event: " + line);
        }
    }

    @Test
    void zeroStepsLogsEpochsOnly() {
        List<String> lines = new ArrayList<>();
        LoggingListener listener = new LoggingListener(recordingLogger(lines), 0);
        listener.onStep(new StepMetrics(0, 0, 1.0, 0.1, 1.0, 1.0));
        listener.onEpochEnd(new EpochMetrics(0, 1.0, 2.0, 3.0, 0, 4.0));
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("INFO event=epoch epoch=0 train_loss=1.00000 val_loss=2.00000 val_metric=3.00000"),
                lines.get(0));
    }

    @Test
    void skippedStepsAndWarningsLogAtWarn() {
        List<String> lines = new ArrayList<>();
        LoggingListener listener = new LoggingListener(recordingLogger(lines), 1);
        listener.onSkippedStep(new SkippedStep(2, 17, "gradient norm", Double.POSITIVE_INFINITY));
        listener.onWarning("validation loss of epoch 3 is \"NaN\"");
        assertEquals("WARN event=skipped_step epoch=2 step=17 quantity=\"gradient norm\" value=Infinity", lines.get(0));
        assertEquals("WARN event=warning message=\"validation loss of epoch 3 is 'NaN'\"", lines.get(1));
    }

    @Test
    void rejectsNegativeInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LoggingListener(-1));
        assertTrue(e.getMessage().contains("everySteps = -1"), e.getMessage());
    }
}
