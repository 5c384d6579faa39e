package dev.enn.baselines;

import dev.enn.baselines.layers.LiquidTimeConstantCell.Integrator;
import dev.enn.baselines.layers.LiquidTimeConstantCell;
import dev.enn.io.ModelFileException;
import dev.enn.io.ReadOptions;
import dev.enn.layer.Linear;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Liquid time-constant baseline: a {@link LiquidTimeConstantCell} run over the sequence, then
 * {@code Linear(h → outputs)} applied to {@code tanh(h_T)}. No dropout.
 *
 * <p>Parameters: {@code cell.time_constants}, {@code cell.W_ih.*}, {@code cell.W_hh.*},
 * {@code output.*}. Count: {@code h + (F + 1)h + (h + 1)h + (h + 1)o}; 2,641 for F = 3, h = 48,
 * o = 1.
 *
 * <p>Defaults reproduce the original (explicit Euler, dt = 0.1) except that |τ| is clamped to at
 * least {@code minTimeConstant} = 1e-3; {@link Builder#integrator} selects the stable
 * semi-implicit step instead.
 */
public final class LiquidModel extends BaselineModel {
    /** Layer id and model kind of this model in model files. */
    public static final String LAYER_ID = "baseline.liquid";

    private final int hiddenSize;
    private final long seed;
    private final LiquidTimeConstantCell cell;
    private final Linear output;

    private LiquidModel(Builder b) {
        super(b.inputFeatures, b.outputs);
        this.hiddenSize = b.hiddenSize;
        this.seed = b.seed;
        Rng init = new Rng(b.seed).fork("init");
        this.cell = registerChild("cell", new LiquidTimeConstantCell(b.inputFeatures, hiddenSize, b.timeStep, b.integrator,
                b.minTimeConstant, init.fork("cell")));
        this.output = registerChild("output", new Linear(hiddenSize, b.outputs, init.fork("output")));
    }

    /** Returns a builder with the defaults of the original: F = 5, h = 64, 1 output, dt = 0.1, explicit Euler, seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected Tensor forwardSequence(Tensor sequence) {
        return output.forward(cell.forward(sequence).tanh());
    }

    /**
     * Loads a model saved by {@link #save(Path)}, rejecting NaN and infinite weights.
     *
     * @throws ModelFileException naming the file and the problem, also if it contains another kind of model
     * @throws IOException if the file cannot be read
     */
    public static LiquidModel load(Path file) throws IOException {
        return load(file, ReadOptions.defaults());
    }

    /**
     * Loads a model saved by {@link #save(Path)}; {@link ReadOptions#allowNonFinite()} accepts NaN
     * and infinite weights with a logged warning.
     *
     * @throws ModelFileException as {@link #load(Path)}
     * @throws IOException if the file cannot be read
     */
    public static LiquidModel load(Path file, ReadOptions options) throws IOException {
        return BaselineModel.load(file, LiquidModel.class, options);
    }

    @Override
    public String layerId() {
        return LAYER_ID;
    }

    @Override
    public Map<String, Object> options() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("inputFeatures", inputFeatures());
        options.put("hiddenSize", hiddenSize);
        options.put("outputs", outputs());
        options.put("timeStep", cell.timeStep());
        options.put("integrator", cell.integrator().name().toLowerCase(Locale.ROOT));
        options.put("minTimeConstant", cell.minTimeConstant());
        options.put("seed", seed);
        return options;
    }

    /** Returns the recurrent cell, for example to attach a {@link LiquidTimeConstantCell.StabilityListener}. */
    public LiquidTimeConstantCell cell() {
        return cell;
    }

    /** Builder of {@link LiquidModel}. */
    public static final class Builder extends BaselineBuilder<Builder, LiquidModel> {
        double timeStep = LiquidTimeConstantCell.DEFAULT_TIME_STEP;
        Integrator integrator = Integrator.EXPLICIT_EULER;
        double minTimeConstant = LiquidTimeConstantCell.DEFAULT_MIN_TIME_CONSTANT;

        Builder() {
        }

        /** Sets the integration step dt, in the time units of τ. */
        public Builder timeStep(double timeStep) {
            this.timeStep = timeStep;
            return this;
        }

        /** Sets the time-stepping scheme. */
        public Builder integrator(Integrator integrator) {
            this.integrator = integrator;
            return this;
        }

        /** Sets the lower bound applied to |τ| in every forward pass. */
        public Builder minTimeConstant(double minTimeConstant) {
            this.minTimeConstant = minTimeConstant;
            return this;
        }

        @Override
        public LiquidModel build() {
            validateCommon(1, "");
            requirePositiveFinite("timeStep", timeStep);
            requirePositiveFinite("minTimeConstant", minTimeConstant);
            if (integrator == null) {
                throw new IllegalArgumentException("LiquidModel.Builder: integrator must not be null;"
                        + " use EXPLICIT_EULER or SEMI_IMPLICIT_EULER");
            }
            return new LiquidModel(this);
        }
    }
}
