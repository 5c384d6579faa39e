package dev.enn.bench;

import dev.enn.baselines.CnnModel;
import dev.enn.baselines.LiquidModel;
import dev.enn.baselines.LstmModel;
import dev.enn.baselines.MlpModel;
import dev.enn.baselines.TransformerModel;
import dev.enn.layer.Layer;
import dev.enn.model.EnnDynamicsMode;
import dev.enn.model.EnnModel;
import dev.enn.model.InputFormat;
import dev.enn.model.TaskHead;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates every benchmarked model by name for a task. ENN variants read {@code [B, T, F]}: the
 * reference dynamics and the attention presets use only step T − 1, the recurrent dynamics every
 * step. They end in a head that fits the task: the grid mean for one regression output (as the
 * original trains it), otherwise a linear head with one output per target or class logit.
 * Baselines get {@code outputs} equal to K targets or C classes.
 */
public final class ModelZoo {
    /** The ENN attention presets, as named by {@code EnnModel.builder().attention(name)}. */
    public static final List<String> ATTENTION_PRESETS = List.of("minimal", "neuron_only", "temporal_only", "full",
            "sparse");
    private ModelZoo() {
    }

    /**
     * Sizes of the models.
     *
     * @param numNeurons N of every ENN
     * @param numStates S of every ENN
     * @param hiddenSize hidden width h of every baseline
     * @param numHeads attention heads of the Transformer baseline
     */
    public record Sizes(int numNeurons, int numStates, int hiddenSize, int numHeads) {
        /** Returns the original README table's sizes: ENN N = 12, S = 4; baselines h = 48, 8 heads. */
        public static Sizes readme() {
            return new Sizes(12, 4, 48, 8);
        }

        /**
         * Returns the original grid's sizes for F input features: N = 64/4 = 16, S = max(3, min(8, 2F)),
         * baselines h = 64 with 4 heads.
         */
        public static Sizes grid(int features) {
            return new Sizes(16, Math.max(3, Math.min(8, 2 * features)), 64, 4);
        }
    }

    /** Returns every model name in report order: ENN variants first, then the baselines. */
    public static List<String> allNames() {
        List<String> names = new ArrayList<>();
        names.add("enn_reference");
        for (String preset : ATTENTION_PRESETS) {
            names.add("enn_" + preset);
        }
        names.add("enn_recurrent");
        names.addAll(List.of("lstm", "transformer", "cnn", "mlp", "liquid"));
        return names;
    }

    /**
     * Creates a freshly initialised model.
     *
     * @param name one of {@link #allNames()}
     * @param task the task whose T, F and output count the model must fit
     * @param sizes model sizes
     * @param seed seed of every initial weight and dropout mask
     * @throws IllegalArgumentException for an unknown name, or sizes a model rejects (the sparse
     *     preset needs S divisible by its 4 heads)
     */
    public static Layer create(String name, BenchTask task, Sizes sizes, long seed) {
        int features = task.features();
        int outputs = task.outputs();
        return switch (name) {
            case "enn_reference" -> enn(task, sizes, seed, null, EnnDynamicsMode.REFERENCE);
            case "enn_recurrent" -> enn(task, sizes, seed, null, EnnDynamicsMode.RECURRENT);
            case "lstm" -> LstmModel.builder().inputFeatures(features).hiddenSize(sizes.hiddenSize()).numLayers(2)
                    .outputs(outputs).seed(seed).build();
            case "transformer" -> TransformerModel.builder().inputFeatures(features).hiddenSize(sizes.hiddenSize())
                    .numLayers(2).numHeads(sizes.numHeads()).outputs(outputs).seed(seed).build();
            case "cnn" -> CnnModel.builder().inputFeatures(features).hiddenSize(sizes.hiddenSize()).outputs(outputs)
                    .seed(seed).build();
            case "mlp" -> MlpModel.builder().inputFeatures(features).hiddenSize(sizes.hiddenSize())
                    .windowLength(task.steps()).outputs(outputs).seed(seed).build();
            case "liquid" -> LiquidModel.builder().inputFeatures(features).hiddenSize(sizes.hiddenSize())
                    .outputs(outputs).seed(seed).build();
            default -> {
                if (name.startsWith("enn_") && ATTENTION_PRESETS.contains(name.substring(4))) {
                    yield enn(task, sizes, seed, name.substring(4), EnnDynamicsMode.REFERENCE);
                }
                throw new IllegalArgumentException("unknown model '" + name + "'; expected one of " + allNames());
            }
        };
    }

    private static EnnModel enn(BenchTask task, Sizes sizes, long seed, String preset, EnnDynamicsMode dynamics) {
        boolean meanHead = !task.classification() && task.outputs() == 1;
        return EnnModel.builder()
                .inputFeatures(task.features())
                .numNeurons(sizes.numNeurons())
                .numStates(sizes.numStates())
                .lowPowerK(Math.min(3, sizes.numStates()))
                .inputFormat(InputFormat.SEQUENCE)
                .dynamics(dynamics)
                .head(meanHead ? TaskHead.mean() : TaskHead.linear(task.outputs()))
                .attention(preset)
                .seed(seed)
                .build();
    }
}
