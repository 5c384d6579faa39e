package dev.enn.attention;

import dev.enn.layer.AbstractLayer;
import dev.enn.model.EnnAttentionModules;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * The attention sub-layers of one preset of the original's {@code create_attention_enn}, built
 * for an ENN of {@code numStates} states per neuron. {@link dev.enn.model.EnnModel} registers each
 * sub-layer as its own child and calls them itself, so this object only contains them.
 *
 * <table>
 *   <caption>Presets (H hidden width, A heads; pooling is always present, as in the original)</caption>
 *   <tr><th>preset</th><th>neuron</th><th>temporal</th><th>sparse</th><th>A</th><th>dropout</th><th>H</th>
 *       <th>temporal A</th></tr>
 *   <tr><td>full</td><td>yes</td><td>yes</td><td>no</td><td>8</td><td>0.1</td><td>128</td><td>4</td></tr>
 *   <tr><td>neuron_only</td><td>yes</td><td>no</td><td>no</td><td>4</td><td>0.1</td><td>64</td><td>–</td></tr>
 *   <tr><td>temporal_only</td><td>no</td><td>yes</td><td>no</td><td>4</td><td>0.1</td><td>64</td><td>2</td></tr>
 *   <tr><td>sparse</td><td>yes</td><td>yes</td><td>yes, top 8</td><td>4</td><td>0.1</td><td>64</td><td>2</td></tr>
 *   <tr><td>minimal</td><td>yes</td><td>no</td><td>no</td><td>2</td><td>0.05</td><td>32</td><td>–</td></tr>
 * </table>
 *
 * <p>Sub-layers: {@code neuron_attention} = {@link NeuronStateAttention}(S, H, A, dropout);
 * {@code temporal_attention} = {@link TemporalAttention}(S, H, temporal A, dropout 0.1 in every
 * preset, 100 positions); {@code sparse_attention} = {@link SparseAttention}(S, A, 8, dropout),
 * which needs S divisible by A; {@code attention_pooling} = {@link AttentionPooling}(S, H).
 */
public final class EnnAttentionPreset extends AbstractLayer implements EnnAttentionModules {
    /** The preset names, as the original spells them. */
    public enum Kind {
        /** Neuron and temporal attention, 8 heads, width 128. */
        FULL(true, true, false, 8, 0.1, 128, 4),
        /** Neuron attention only, 4 heads, width 64. */
        NEURON_ONLY(true, false, false, 4, 0.1, 64, 0),
        /** Temporal attention only, which never reaches the output. */
        TEMPORAL_ONLY(false, true, false, 4, 0.1, 64, 2),
        /** Neuron, temporal and top-8 sparse attention, 4 heads, width 64. */
        SPARSE(true, true, true, 4, 0.1, 64, 2),
        /** Neuron attention only, 2 heads, width 32, dropout 0.05. */
        MINIMAL(true, false, false, 2, 0.05, 32, 0);

        private final boolean neuron;
        private final boolean temporal;
        private final boolean sparse;
        private final int numHeads;
        private final double dropout;
        private final int hiddenDim;
        private final int temporalHeads;

        Kind(boolean neuron, boolean temporal, boolean sparse, int numHeads, double dropout, int hiddenDim,
             int temporalHeads) {
            this.neuron = neuron;
            this.temporal = temporal;
            this.sparse = sparse;
            this.numHeads = numHeads;
            this.dropout = dropout;
            this.hiddenDim = hiddenDim;
            this.temporalHeads = temporalHeads;
        }

        /** Returns the preset's name in the original, such as {@code neuron_only}. */
        public String presetName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Returns the preset of that name (exact, lower case, as in the original).
         *
         * @throws IllegalArgumentException for an unknown name, listing the valid ones
         */
        public static Kind of(String presetName) {
            for (Kind kind : values()) {
                if (kind.presetName().equals(presetName)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown ENN attention preset '" + presetName + "'; expected one of "
                    + Arrays.stream(values()).map(Kind::presetName).toList());
        }
    }

    /** Keys kept per query by the sparse attention of the {@code sparse} preset. */
    public static final int SPARSE_TOP_K = 8;
    /** Dropout of the temporal attention, fixed in the original regardless of the preset's dropout. */
    public static final double TEMPORAL_DROPOUT = 0.1;

    private final Kind kind;
    private final NeuronStateAttention neuronAttention;
    private final TemporalAttention temporalAttention;
    private final SparseAttention sparseAttention;
    private final AttentionPooling attentionPooling;

    /**
     * Builds the preset's sub-layers. Each draws its initial weights and dropout masks from its
     * own fork of {@code new Rng(seed)}, so adding or removing one leaves the others unchanged.
     *
     * @param kind the preset
     * @param numStates states per neuron S of the ENN
     * @param seed seed of every initial weight and dropout mask
     * @throws IllegalArgumentException if {@code numStates} is not positive, or (preset
     *     {@code sparse}) not divisible by the head count
     */
    public EnnAttentionPreset(Kind kind, int numStates, long seed) {
        this.kind = kind;
        Rng rng = new Rng(seed);
        this.neuronAttention = kind.neuron
                ? registerChild("neuron_attention", new NeuronStateAttention(numStates, kind.hiddenDim, kind.numHeads,
                        kind.dropout, rng.fork("neuron_attention")))
                : null;
        this.temporalAttention = kind.temporal
                ? registerChild("temporal_attention", new TemporalAttention(numStates, kind.hiddenDim,
                        kind.temporalHeads, TEMPORAL_DROPOUT, TemporalAttention.DEFAULT_MAX_LENGTH,
                        rng.fork("temporal_attention")))
                : null;
        this.sparseAttention = kind.sparse ? registerChild("sparse_attention", sparseLayer(kind, numStates, rng)) : null;
        this.attentionPooling = registerChild("attention_pooling",
                new AttentionPooling(numStates, kind.hiddenDim, rng.fork("attention_pooling")));
    }

    private static SparseAttention sparseLayer(Kind kind, int numStates, Rng rng) {
        if (numStates % kind.numHeads != 0) {
            throw new IllegalArgumentException("ENN attention preset '" + kind.presetName() + "': its sparse attention"
                    + " runs across neurons with the " + numStates + " states as model width, which must be divisible by "
                    + kind.numHeads + " heads; choose numStates divisible by " + kind.numHeads
                    + " or another preset");
        }
        return new SparseAttention(numStates, kind.numHeads, SPARSE_TOP_K, kind.dropout, rng.fork("sparse_attention"));
    }

    /** Returns the preset. */
    public Kind kind() {
        return kind;
    }

    @Override
    public NeuronStateAttention neuronAttention() {
        return neuronAttention;
    }

    @Override
    public TemporalAttention temporalAttention() {
        return temporalAttention;
    }

    @Override
    public SparseAttention sparseAttention() {
        return sparseAttention;
    }

    @Override
    public AttentionPooling attentionPooling() {
        return attentionPooling;
    }

    /**
     * Not supported: the sub-layers act at different points of the ENN's forward pass, so
     * {@link dev.enn.model.EnnModel} calls each of them itself.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("EnnAttentionPreset '" + kind.presetName() + "' only contains the attention"
                + " sub-layers of an ENN; build the model with EnnModel.builder().attention(\"" + kind.presetName()
                + "\") or call neuronAttention(), temporalAttention(), sparseAttention() or attentionPooling()");
    }
}
