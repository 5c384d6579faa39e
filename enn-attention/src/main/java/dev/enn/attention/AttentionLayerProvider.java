package dev.enn.attention;

import dev.enn.layer.Layer;
import dev.enn.layer.LayerProvider;
import dev.enn.tensor.Rng;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Registers the attention layers and the ENN attention presets with
 * {@link dev.enn.layer.LayerRegistry}. Integer options take an {@code Integer} or {@code Long},
 * {@code dropout} any number, {@code seed} (default 0) an {@code Integer} or {@code Long}; an
 * unknown option is rejected.
 *
 * <table>
 *   <caption>Ids and options (required ones in bold)</caption>
 *   <tr><th>id</th><th>layer</th><th>options, with defaults</th></tr>
 *   <tr><td>{@code attention.multihead}</td><td>{@link MultiHeadAttention}</td>
 *       <td><b>modelDim</b>, <b>numHeads</b>, dropout 0.1, seed</td></tr>
 *   <tr><td>{@code attention.neuron_state}</td><td>{@link NeuronStateAttention}</td>
 *       <td><b>numStates</b>, hiddenDim 64, numHeads 4, dropout 0.1, seed, numNeurons (ignored: any
 *       neuron count works)</td></tr>
 *   <tr><td>{@code attention.temporal}</td><td>{@link TemporalAttention}</td>
 *       <td><b>stateDim</b>, hiddenDim 64, numHeads 2, dropout 0.1, maxLength 100, seed</td></tr>
 *   <tr><td>{@code attention.sparse}</td><td>{@link SparseAttention}</td>
 *       <td><b>modelDim</b>, <b>numHeads</b>, topK 8, dropout 0.1, seed</td></tr>
 *   <tr><td>{@code attention.pooling}</td><td>{@link AttentionPooling}</td>
 *       <td><b>inputDim</b>, hiddenDim 64, seed</td></tr>
 *   <tr><td>{@code attention.enn.<preset>} for {@code full}, {@code neuron_only},
 *       {@code temporal_only}, {@code sparse}, {@code minimal}</td><td>{@link EnnAttentionPreset}</td>
 *       <td><b>numStates</b>, seed, numNeurons (ignored: any neuron count works)</td></tr>
 * </table>
 */
public final class AttentionLayerProvider implements LayerProvider {
    /** Id of {@link MultiHeadAttention}. */
    public static final String MULTIHEAD = "attention.multihead";
    /** Id of {@link NeuronStateAttention}. */
    public static final String NEURON_STATE = "attention.neuron_state";
    /** Id of {@link TemporalAttention}. */
    public static final String TEMPORAL = "attention.temporal";
    /** Id of {@link SparseAttention}. */
    public static final String SPARSE = "attention.sparse";
    /** Id of {@link AttentionPooling}. */
    public static final String POOLING = "attention.pooling";
    /** Prefix of the ids of the ENN attention presets, followed by the preset name. */
    public static final String ENN_PRESET_PREFIX = "attention.enn.";

    private static final Set<String> IDS = buildIds();

    private static Set<String> buildIds() {
        Set<String> ids = new LinkedHashSet<>(Set.of(MULTIHEAD, NEURON_STATE, TEMPORAL, SPARSE, POOLING));
        for (EnnAttentionPreset.Kind kind : EnnAttentionPreset.Kind.values()) {
            ids.add(ENN_PRESET_PREFIX + kind.presetName());
        }
        return Set.copyOf(ids);
    }

    @Override
    public String artifact() {
        return "dev.enn:enn-attention";
    }

    @Override
    public Set<String> ids() {
        return IDS;
    }

    @Override
    public Layer create(String id, Map<String, Object> options) {
        LayerOptions o = new LayerOptions(id, options);
        Layer layer = switch (id) {
            case MULTIHEAD -> new MultiHeadAttention(o.requiredInt("modelDim"), o.requiredInt("numHeads"),
                    o.doubleOption("dropout", MultiHeadAttention.DEFAULT_DROPOUT), seeded(o));
            case NEURON_STATE -> {
                o.intOption("numNeurons", 0);
                yield new NeuronStateAttention(o.requiredInt("numStates"),
                        o.intOption("hiddenDim", NeuronStateAttention.DEFAULT_HIDDEN_DIM),
                        o.intOption("numHeads", NeuronStateAttention.DEFAULT_NUM_HEADS),
                        o.doubleOption("dropout", MultiHeadAttention.DEFAULT_DROPOUT), seeded(o));
            }
            case TEMPORAL -> new TemporalAttention(o.requiredInt("stateDim"),
                    o.intOption("hiddenDim", NeuronStateAttention.DEFAULT_HIDDEN_DIM),
                    o.intOption("numHeads", TemporalAttention.DEFAULT_NUM_HEADS),
                    o.doubleOption("dropout", TemporalAttention.DEFAULT_DROPOUT),
                    o.intOption("maxLength", TemporalAttention.DEFAULT_MAX_LENGTH), seeded(o));
            case SPARSE -> new SparseAttention(o.requiredInt("modelDim"), o.requiredInt("numHeads"),
                    o.intOption("topK", SparseAttention.DEFAULT_TOP_K),
                    o.doubleOption("dropout", SparseAttention.DEFAULT_DROPOUT), seeded(o));
            case POOLING -> new AttentionPooling(o.requiredInt("inputDim"),
                    o.intOption("hiddenDim", AttentionPooling.DEFAULT_HIDDEN_DIM), seeded(o));
            default -> createPreset(id, o);
        };
        o.rejectUnknown();
        return layer;
    }

    private static EnnAttentionPreset createPreset(String id, LayerOptions o) {
        if (!id.startsWith(ENN_PRESET_PREFIX)) {
            throw new IllegalArgumentException("layer id '" + id + "' is not provided by dev.enn:enn-attention; its ids are "
                    + IDS.stream().sorted().toList());
        }
        EnnAttentionPreset.Kind kind = EnnAttentionPreset.Kind.of(id.substring(ENN_PRESET_PREFIX.length()));
        o.intOption("numNeurons", 0);
        return new EnnAttentionPreset(kind, o.requiredInt("numStates"), o.longOption("seed", 0L));
    }

    private static Rng seeded(LayerOptions o) {
        return new Rng(o.longOption("seed", 0L));
    }
}
