package dev.enn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.data.Dataset;
import dev.enn.io.DType;
import dev.enn.io.ModelFileException;
import dev.enn.io.ModelFiles;
import dev.enn.io.SafeTensors;
import dev.enn.layer.Activation;
import dev.enn.layer.Linear;
import dev.enn.layer.Sequential;
import dev.enn.loss.MseLoss;
import dev.enn.optim.AdamW;
import dev.enn.optim.CosineSchedule;
import dev.enn.optim.Optimizer;
import dev.enn.optim.Sgd;
import dev.enn.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerCheckpointTest {
    private static final int TOTAL_EPOCHS = 6;
    private static final int BATCH_SIZE = 8;
    private static final double DROPOUT = 0.3;
    private static final long SHUFFLE_SEED = 5;
    private static final Dataset TRAIN = TrainingFixtures.regression(44, 3, 1);
    private static final Dataset VALIDATION = TrainingFixtures.regression(16, 3, 2);

    @TempDir
    Path dir;

    private static Sequential model(long seed) {
        return TrainingFixtures.mlpWithDropout(3, 8, 1, DROPOUT, seed);
    }

    /** Returns a builder with dropout, shuffling, a per-step cosine schedule and a validation set. */
    private static Trainer.Builder trainer(Sequential model, int epochs) {
        Optimizer optimizer = new AdamW(model.namedParameters(), 0.02);
        return Trainer.builder(model, new MseLoss(), optimizer)
                .epochs(epochs)
                .batchSize(BATCH_SIZE)
                .shuffle(true)
                .seed(SHUFFLE_SEED)
                .schedule(CosineSchedule.of(0.02, 0.001, TOTAL_EPOCHS * 6), ScheduleUnit.STEP)
                .validation(VALIDATION);
    }

    private Path truncate(Path file, int bytes) throws IOException {
        byte[] content = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(content, bytes));
        return file;
    }

    @Test
    void resumeMatchesUninterruptedRun() {
        Sequential straight = model(1);
        TrainingHistory expected = trainer(straight, TOTAL_EPOCHS).build().fit(TRAIN);

        trainer(model(1), 3).checkpoints(dir, 1, 2).build().fit(TRAIN);
        Sequential resumed = model(99);
        TrainingHistory actual = trainer(resumed, TOTAL_EPOCHS).resumeFrom(dir).checkpoints(dir, 1, 2).build().fit(TRAIN);

        assertArrayEquals(expected.trainLosses(), actual.trainLosses());
        assertArrayEquals(expected.validationLosses(), actual.validationLosses());
        assertEquals(expected.completedSteps(), actual.completedSteps());
        assertEquals(expected.bestEpoch(), actual.bestEpoch());
        assertArrayEquals(TrainingFixtures.flatParameters(straight), TrainingFixtures.flatParameters(resumed));
    }

    @Test
    void resumeRestoresDropoutGenerators() {
        Sequential straight = model(1);
        trainer(straight, TOTAL_EPOCHS).build().fit(TRAIN);

        trainer(model(1), 3).checkpoints(dir, 3, 1).build().fit(TRAIN);
        Sequential resumed = model(1);
        resumed.namedGenerators().values().forEach(rng -> rng.nextDouble());
        trainer(resumed, TOTAL_EPOCHS).resumeFrom(dir).build().fit(TRAIN);

        assertEquals(List.of("2.mask"), List.copyOf(resumed.namedGenerators().keySet()));
        assertArrayEquals(straight.namedGenerators().get("2.mask").saveState(),
                resumed.namedGenerators().get("2.mask").saveState());
    }

    @Test
    void truncatedNewestCheckpointFallsBackWithWarning() throws IOException {
        Sequential straight = model(1);
        TrainingHistory expected = trainer(straight, TOTAL_EPOCHS).build().fit(TRAIN);
        trainer(model(1), 3).checkpoints(dir, 1, 3).build().fit(TRAIN);
        truncate(dir.resolve(Checkpoints.fileName(3)), 100);
        TrainingFixtures.RecordingListener listener = new TrainingFixtures.RecordingListener();

        Sequential resumed = model(99);
        TrainingHistory actual = trainer(resumed, TOTAL_EPOCHS).resumeFrom(dir).listener(listener).build().fit(TRAIN);

        assertEquals(1, listener.warnings.size(), listener.warnings.toString());
        assertTrue(listener.warnings.get(0).contains(Checkpoints.fileName(3)), listener.warnings.get(0));
        assertTrue(listener.warnings.get(0).contains("truncated or corrupt"), listener.warnings.get(0));
        assertEquals(TOTAL_EPOCHS - 2, listener.epochs.size());
        assertArrayEquals(expected.trainLosses(), actual.trainLosses());
        assertArrayEquals(TrainingFixtures.flatParameters(straight), TrainingFixtures.flatParameters(resumed));
    }

    @Test
    void resumeFailsWhenNoCheckpointLoads() throws IOException {
        trainer(model(1), 2).checkpoints(dir, 1, 2).build().fit(TRAIN);
        truncate(dir.resolve(Checkpoints.fileName(1)), 100);
        truncate(dir.resolve(Checkpoints.fileName(2)), 7);
        Sequential fresh = model(99);
        double[] before = TrainingFixtures.flatParameters(fresh);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> trainer(fresh, TOTAL_EPOCHS).resumeFrom(dir).build().fit(TRAIN));

        assertTrue(e.getMessage().contains("none of the 2 checkpoints"), e.getMessage());
        assertArrayEquals(before, TrainingFixtures.flatParameters(fresh));
    }

    @Test
    void resumeFailsOnEmptyDirectory() {
        Sequential fresh = model(99);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> trainer(fresh, TOTAL_EPOCHS).resumeFrom(dir).build().fit(TRAIN));

        assertTrue(e.getMessage().contains("nothing to resume"), e.getMessage());
    }

    @Test
    void resumeRejectsCheckpointOfOtherModel() {
        trainer(model(1), 2).checkpoints(dir, 1, 1).build().fit(TRAIN);
        Sequential wider = TrainingFixtures.mlpWithDropout(3, 9, 1, DROPOUT, 1);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> trainer(wider, TOTAL_EPOCHS).resumeFrom(dir).build().fit(TRAIN));

        assertTrue(e.getMessage().contains("0.weight has shape [8, 3] in the file but [9, 3] in the model"), e.getMessage());
    }

    @Test
    void resumeRejectsModelWithOtherGenerators() {
        trainer(model(1), 2).checkpoints(dir, 1, 1).build().fit(TRAIN);
        Rng init = new Rng(1).fork("init");
        Sequential withoutDropout = new Sequential(new Linear(3, 8, init), new Activation(Activation.Kind.TANH),
                new Activation(Activation.Kind.TANH), new Linear(8, 1, init));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> trainer(withoutDropout, TOTAL_EPOCHS).resumeFrom(dir).build().fit(TRAIN));

        assertTrue(e.getMessage().contains("random generators [2.mask] do not match the model's []"), e.getMessage());
    }

    @Test
    void resumeRejectsOtherOptimizerType() {
        trainer(model(1), 2).checkpoints(dir, 1, 1).build().fit(TRAIN);
        Sequential fresh = model(1);
        Trainer sgdTrainer = Trainer.builder(fresh, new MseLoss(), new Sgd(fresh.namedParameters(), 0.01))
                .epochs(TOTAL_EPOCHS).resumeFrom(dir).build();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sgdTrainer.fit(TRAIN));

        assertTrue(e.getMessage().contains("does not fit this run"), e.getMessage());
        assertTrue(e.getMessage().contains("saved by another optimizer type"), e.getMessage());
    }

    @Test
    void resumeSkipsModelFileNamedLikeCheckpoint() throws IOException {
        trainer(model(1), 1).checkpoints(dir, 1, 1).build().fit(TRAIN);
        Sequential other = model(2);
        ModelFiles.save(dir.resolve(Checkpoints.fileName(2)), other, Map.of(), DType.F64);
        TrainingFixtures.RecordingListener listener = new TrainingFixtures.RecordingListener();

        trainer(model(3), 2).resumeFrom(dir).listener(listener).build().fit(TRAIN);

        assertEquals(1, listener.warnings.size(), listener.warnings.toString());
        assertTrue(listener.warnings.get(0).contains("no format version"), listener.warnings.get(0));
        assertEquals(1, listener.epochs.size());
    }

    @Test
    void keepLastDeletesOlderCheckpoints() throws IOException {
        trainer(model(1), 5).checkpoints(dir, 1, 2).build().fit(TRAIN);

        assertEquals(List.of(dir.resolve(Checkpoints.fileName(5)), dir.resolve(Checkpoints.fileName(4))),
                Checkpoints.list(dir));
        assertTrue(Files.exists(dir.resolve(Checkpoints.BEST_FILE)));
    }

    @Test
    void everyEpochsSkipsEpochsBetween() throws IOException {
        trainer(model(1), 5).checkpoints(dir, 2, 5).build().fit(TRAIN);

        assertEquals(List.of(dir.resolve(Checkpoints.fileName(4)), dir.resolve(Checkpoints.fileName(2))),
                Checkpoints.list(dir));
    }

    @Test
    void bestCheckpointHoldsBestEpochWeights() throws IOException {
        Sequential trained = model(1);
        TrainingHistory history = trainer(trained, TOTAL_EPOCHS).restoreBestWeights(true).checkpoints(dir, 10, 1).build()
                .fit(TRAIN);
        Sequential restored = model(99);

        Checkpoints.restoreModel(dir.resolve(Checkpoints.BEST_FILE), restored);

        assertTrue(history.restoredBestWeights());
        assertArrayEquals(TrainingFixtures.flatParameters(trained), TrainingFixtures.flatParameters(restored));
    }

    @Test
    void checkpointMetadataNamesKindAndEpoch() throws IOException {
        trainer(model(1), 1).checkpoints(dir, 1, 1).build().fit(TRAIN);

        Map<String, String> metadata = SafeTensors.read(dir.resolve(Checkpoints.fileName(1))).metadata();

        assertEquals(Checkpoints.KIND, metadata.get("enn.kind"));
        assertTrue(metadata.get(Checkpoints.STATE_KEY).startsWith("{\"epochsCompleted\":1,"),
                metadata.get(Checkpoints.STATE_KEY));
    }

    @Test
    void restoreModelRejectsModelFile() throws IOException {
        Sequential model = model(1);
        Path file = dir.resolve("weights.safetensors");
        ModelFiles.save(file, model, Map.of(), DType.F64);

        ModelFileException e = assertThrows(ModelFileException.class, () -> Checkpoints.restoreModel(file, model));

        assertTrue(e.problem().contains("no format version"), e.problem());
    }

    @Test
    void checkpointsRejectInvalidArguments() {
        Sequential model = model(1);
        Trainer.Builder builder = trainer(model, 1);

        assertThrows(IllegalArgumentException.class, () -> builder.checkpoints(dir, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> builder.checkpoints(dir, 1, 0));
        assertFalse(Files.exists(dir.resolve(Checkpoints.fileName(1))));
    }
}
