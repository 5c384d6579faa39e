package dev.enn.train;

import dev.enn.io.DType;
import dev.enn.io.Json;
import dev.enn.io.LoadedTensors;
import dev.enn.io.ModelFileException;
import dev.enn.io.ModelFiles;
import dev.enn.io.ModelStore;
import dev.enn.io.ReadOptions;
import dev.enn.io.SafeTensors;
import dev.enn.layer.Layer;
import dev.enn.optim.Optimizer;
import dev.enn.optim.ParameterState;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checkpoint files of {@link Trainer} runs (see {@link Trainer.Builder#checkpoints}).
 *
 * <p>A checkpoint is a safetensors file written atomically in F64. Its tensors are the model's
 * parameters and buffers under {@code model/<name>}, the optimizer's buffers under
 * {@code optimizer/<parameter>/<buffer>} (for example {@code optimizer/mixing/exp_avg}) and, when
 * the run restores best weights, the best epoch's state under {@code best/<name>}. Its metadata
 * has {@value ModelStore#FORMAT_VERSION_KEY} = {@code "1"}, {@value ModelStore#KIND_KEY} =
 * {@value #KIND} and {@value #STATE_KEY}, a JSON object with the run's position, the random
 * generator states (64-bit integers, exact), the optimizer step counts, the best-epoch tracking
 * and the history. Non-finite losses in it are written as the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"}.
 *
 * <p>Periodic checkpoints are named {@code checkpoint-epoch-NNNNNN.safetensors} after the number
 * of finished epochs; the checkpoint of the best epoch is {@value #BEST_FILE}.
 */
public final class Checkpoints {
    /** Model kind ({@value ModelStore#KIND_KEY}) of a checkpoint file. */
    public static final String KIND = "checkpoint";
    /** Metadata key of the run state JSON. */
    public static final String STATE_KEY = "enn.training";
    /** File name of the checkpoint written at the best monitored loss. */
    public static final String BEST_FILE = "best.safetensors";

    private static final String MODEL_PREFIX = "model/";
    private static final String OPTIMIZER_PREFIX = "optimizer/";
    private static final String BEST_PREFIX = "best/";
    private static final Pattern PERIODIC_NAME = Pattern.compile("checkpoint-epoch-(\\d{6,})\\.safetensors");

    private Checkpoints() {
    }

    /** Returns the file name of the periodic checkpoint after {@code epochsCompleted} epochs. */
    public static String fileName(int epochsCompleted) {
        return String.format("checkpoint-epoch-%06d.safetensors", epochsCompleted);
    }

    /**
     * Lists the periodic checkpoint files of a directory, newest (most epochs) first. Other files
     * are ignored.
     *
     * @throws IOException if the directory cannot be listed
     */
    public static List<Path> list(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (epochOf(entry) >= 0 && Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        }
        files.sort(Comparator.comparingLong(Checkpoints::epochOf).reversed());
        return files;
    }

    /** Returns the epoch count in a periodic checkpoint's file name, or -1 for any other name. */
    static long epochOf(Path file) {
        Matcher matcher = PERIODIC_NAME.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            return -1;
        }
        try {
            return Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Copies the model weights of a checkpoint into {@code model}, for example to use the
     * {@value #BEST_FILE} weights after training. The model is unchanged on failure.
     *
     * @throws ModelFileException if the file is not a readable checkpoint or its model tensors do
     *     not match the model's names and shapes
     * @throws IOException if the file cannot be read
     */
    public static void restoreModel(Path file, Layer model) throws IOException {
        LoadedTensors content = SafeTensors.read(file, ReadOptions.defaults());
        requireCheckpoint(file, content.metadata());
        Map<String, Tensor> weights = withPrefix(content.tensors(), MODEL_PREFIX);
        requireModelFits(file, model, weights);
        ModelFiles.copyInto(model, weights);
    }

    // ---------------------------------------------------------------- writing

    /** Writes a checkpoint atomically; a previous file at {@code file} stays intact on failure. */
    static void write(Path file, TrainingState state) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : state.model().entrySet()) {
            tensors.put(MODEL_PREFIX + entry.getKey(), entry.getValue());
        }
        Map<String, Object> optimizerSteps = new LinkedHashMap<>();
        for (Map.Entry<String, ParameterState> entry : state.optimizer().entrySet()) {
            optimizerSteps.put(entry.getKey(), entry.getValue().step());
            for (Map.Entry<String, double[]> buffer : entry.getValue().buffers().entrySet()) {
                double[] values = buffer.getValue();
                tensors.put(OPTIMIZER_PREFIX + entry.getKey() + "/" + buffer.getKey(), Tensor.of(values, values.length));
            }
        }
        if (state.bestWeights() != null) {
            for (Map.Entry<String, double[]> entry : state.bestWeights().entrySet()) {
                double[] values = entry.getValue();
                tensors.put(BEST_PREFIX + entry.getKey(), Tensor.of(values, values.length));
            }
        }

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ModelStore.FORMAT_VERSION_KEY, Integer.toString(ModelStore.FORMAT_VERSION));
        metadata.put(ModelStore.KIND_KEY, KIND);
        metadata.put(STATE_KEY, Json.write(runJson(state, optimizerSteps)));
        SafeTensors.write(file, tensors, metadata, DType.F64);
    }

    private static Map<String, Object> runJson(TrainingState state, Map<String, Object> optimizerSteps) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("epochsCompleted", state.epochsCompleted());
        json.put("step", state.step());
        json.put("completedSteps", state.completedSteps());
        json.put("skippedSteps", state.skippedSteps());
        json.put("learningRate", state.learningRate());
        json.put("trainSize", state.trainSize());
        json.put("batchSize", state.batchSize());
        json.put("shuffleRng", longs(state.shuffleRng()));
        Map<String, Object> generators = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> entry : state.generators().entrySet()) {
            generators.put(entry.getKey(), longs(entry.getValue()));
        }
        json.put("generators", generators);
        json.put("optimizerSteps", optimizerSteps);
        json.put("bestEpoch", state.bestEpoch());
        json.put("bestLoss", number(state.bestLoss()));
        json.put("epochsWithoutImprovement", state.epochsWithoutImprovement());
        json.put("keepsBestWeights", state.bestWeights() != null);
        List<Object> history = new ArrayList<>();
        for (EpochMetrics epoch : state.history()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", epoch.epoch());
            row.put("trainLoss", number(epoch.trainLoss()));
            row.put("validationLoss", number(epoch.validationLoss()));
            row.put("validationMetric", number(epoch.validationMetric()));
            row.put("skippedSteps", epoch.skippedSteps());
            row.put("millis", number(epoch.millis()));
            history.add(row);
        }
        json.put("history", history);
        return json;
    }

    private static List<Object> longs(long[] values) {
        List<Object> list = new ArrayList<>();
        for (long value : values) {
            list.add(value);
        }
        return list;
    }

    private static Object number(double value) {
        return Double.isFinite(value) ? (Object) value : Double.toString(value);
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a checkpoint and checks it against the model, its generators and the optimizer,
     * without changing any of them.
     *
     * @throws ModelFileException naming the file and the first problem found
     * @throws IOException if the file cannot be read
     */
    static TrainingState read(Path file, Layer model, Optimizer optimizer) throws IOException {
        LoadedTensors content = SafeTensors.read(file, ReadOptions.defaults());
        requireCheckpoint(file, content.metadata());
        String stateText = content.metadata().get(STATE_KEY);
        if (stateText == null) {
            throw new ModelFileException(file, "metadata has no run state (" + STATE_KEY + ")");
        }
        Map<String, Object> json;
        try {
            json = object(Json.parse(stateText), STATE_KEY); // JsonException is an IllegalArgumentException
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "run state (" + STATE_KEY + ") is invalid: " + e.getMessage(), e);
        }
        try {
            return parse(file, json, content.tensors(), model, optimizer);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new ModelFileException(file, "run state (" + STATE_KEY + ") is invalid: " + e.getMessage(), e);
        }
    }

    private static TrainingState parse(Path file, Map<String, Object> json, Map<String, Tensor> tensors, Layer model,
            Optimizer optimizer) throws ModelFileException {
        Map<String, Tensor> weights = withPrefix(tensors, MODEL_PREFIX);
        requireModelFits(file, model, weights);

        Map<String, long[]> generators = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : object(json.get("generators"), "generators").entrySet()) {
            generators.put(entry.getKey(), longArray(entry.getValue(), "generators." + entry.getKey()));
        }
        if (!generators.keySet().equals(model.namedGenerators().keySet())) {
            throw new ModelFileException(file, "random generators " + generators.keySet() + " do not match the model's "
                    + model.namedGenerators().keySet() + "; the checkpoint belongs to another model");
        }

        Map<String, ParameterState> optimizerState = optimizerState(file, json, tensors);
        for (String name : optimizerState.keySet()) {
            if (!optimizer.parameters().containsKey(name)) {
                throw new ModelFileException(file, "optimizer state names parameter '" + name
                        + "', which the optimizer does not update; known parameters: " + optimizer.parameters().keySet());
            }
        }

        boolean keepsBest = Boolean.TRUE.equals(json.get("keepsBestWeights"));
        Map<String, double[]> bestWeights = null;
        if (keepsBest) {
            bestWeights = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> entry : withPrefix(tensors, BEST_PREFIX).entrySet()) {
                bestWeights.put(entry.getKey(), entry.getValue().toArray());
            }
        }

        List<EpochMetrics> history = new ArrayList<>();
        for (Object row : list(json.get("history"), "history")) {
            Map<String, Object> epoch = object(row, "history entry");
            history.add(new EpochMetrics(integer(epoch, "epoch"), real(epoch, "trainLoss"), real(epoch, "validationLoss"),
                    real(epoch, "validationMetric"), integer(epoch, "skippedSteps"), real(epoch, "millis")));
        }
        int epochsCompleted = integer(json, "epochsCompleted");
        if (epochsCompleted < 1 || history.size() != epochsCompleted) {
            throw new ModelFileException(file, "run state has epochsCompleted = " + epochsCompleted + " but "
                    + history.size() + " history entries; the two must be equal and at least 1");
        }
        return new TrainingState(epochsCompleted, longValue(json, "step"), integer(json, "completedSteps"),
                integer(json, "skippedSteps"), real(json, "learningRate"), integer(json, "trainSize"),
                integer(json, "batchSize"), longArray(json.get("shuffleRng"), "shuffleRng"), generators, weights,
                optimizerState, integer(json, "bestEpoch"), real(json, "bestLoss"),
                integer(json, "epochsWithoutImprovement"), bestWeights, history);
    }

    private static Map<String, ParameterState> optimizerState(Path file, Map<String, Object> json,
            Map<String, Tensor> tensors) throws ModelFileException {
        Map<String, Map<String, double[]>> buffers = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : withPrefix(tensors, OPTIMIZER_PREFIX).entrySet()) {
            int slash = entry.getKey().lastIndexOf('/');
            if (slash <= 0) {
                throw new ModelFileException(file, "optimizer tensor " + Json.write(OPTIMIZER_PREFIX + entry.getKey())
                        + " is not named optimizer/<parameter>/<buffer>");
            }
            buffers.computeIfAbsent(entry.getKey().substring(0, slash), name -> new LinkedHashMap<>())
                    .put(entry.getKey().substring(slash + 1), entry.getValue().toArray());
        }
        Map<String, Object> steps = object(json.get("optimizerSteps"), "optimizerSteps");
        Map<String, ParameterState> state = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : steps.entrySet()) {
            long step = ((Number) entry.getValue()).longValue();
            state.put(entry.getKey(), new ParameterState(step, buffers.getOrDefault(entry.getKey(), Map.of())));
        }
        for (String name : buffers.keySet()) {
            if (!steps.containsKey(name)) {
                throw new ModelFileException(file, "optimizer buffers for '" + name + "' have no step count in optimizerSteps");
            }
        }
        return state;
    }

    private static void requireCheckpoint(Path file, Map<String, String> metadata) throws ModelFileException {
        ModelStore.requireFormatVersion(file, metadata);
        String kind = metadata.get(ModelStore.KIND_KEY);
        if (!KIND.equals(kind)) {
            throw new ModelFileException(file, "is not a training checkpoint: its kind (" + ModelStore.KIND_KEY + ") is "
                    + (kind == null ? "missing" : Json.write(kind)) + ", expected \"" + KIND + "\"");
        }
    }

    private static void requireModelFits(Path file, Layer model, Map<String, Tensor> weights) throws ModelFileException {
        List<String> problems = ModelFiles.findMismatches(model, weights);
        if (!problems.isEmpty()) {
            throw new ModelFileException(file, "model tensors do not match the model: " + problems.size()
                    + (problems.size() == 1 ? " problem: " : " problems: ") + String.join("; ", problems));
        }
    }

    private static Map<String, Tensor> withPrefix(Map<String, Tensor> tensors, String prefix) {
        Map<String, Tensor> selected = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            if (entry.getKey().startsWith(prefix)) {
                selected.put(entry.getKey().substring(prefix.length()), entry.getValue());
            }
        }
        return selected;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String name) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(name + " is a JSON " + Json.typeName(value) + ", expected an object");
        }
        return (Map<String, Object>) value;
    }

    private static List<?> list(Object value, String name) {
        if (!(value instanceof List<?> values)) {
            throw new IllegalArgumentException(name + " is a JSON " + Json.typeName(value) + ", expected an array");
        }
        return values;
    }

    private static long[] longArray(Object value, String name) {
        List<?> values = list(value, name);
        long[] result = new long[values.size()];
        for (int i = 0; i < result.length; i++) {
            if (!(values.get(i) instanceof Long element)) {
                throw new IllegalArgumentException(name + "[" + i + "] is not a 64-bit integer");
            }
            result[i] = element;
        }
        return result;
    }

    private static long longValue(Map<String, Object> json, String key) {
        if (!(json.get(key) instanceof Long value)) {
            throw new IllegalArgumentException("'" + key + "' is missing or not an integer");
        }
        return value;
    }

    private static int integer(Map<String, Object> json, String key) {
        long value = longValue(json, key);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + key + "' = " + value + " does not fit an int");
        }
        return (int) value;
    }

    private static double real(Map<String, Object> json, String key) {
        Object value = json.get(key);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text && (text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity"))) {
            return Double.parseDouble(text);
        }
        throw new IllegalArgumentException("'" + key + "' is missing or not a number");
    }
}
