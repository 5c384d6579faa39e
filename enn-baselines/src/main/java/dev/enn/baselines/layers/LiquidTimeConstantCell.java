package dev.enn.baselines.layers;

import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Init;
import dev.enn.layer.Linear;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * Liquid time-constant recurrent cell: {@code [B, T, F] → [B, H]} (the last hidden state), or all
 * states {@code [B, T, H]} with {@link #forwardSequence}. From {@code h_0 = 0}, each step
 * integrates {@code dh/dt = −h/τ + W_ih·x_t + b_ih + W_hh·tanh(h) + b_hh} over a fixed step dt.
 *
 * <p>{@link Integrator#EXPLICIT_EULER} reproduces the original:
 * {@code h ← h + dt·(−h/τ + drive)}; it is unstable once dt/τ &gt; 2. {@link
 * Integrator#SEMI_IMPLICIT_EULER} treats the decay implicitly,
 * {@code h ← (h + dt·drive)/(1 + dt/τ)}, which is stable for every τ &gt; 0 and has the same
 * fixed point τ·drive. In both, the recurrent term {@code W_hh·tanh(h)} uses the state before
 * the step.
 *
 * <p>τ is {@code |time_constants|} clamped to at least {@code minTimeConstant} (default 1e-3)
 * inside every forward pass, so τ = 0 never divides by zero; the clamp has zero gradient. The
 * stored parameter is not changed. When the explicit step runs with dt/τ &gt; 2 for some neuron,
 * the cell sets {@link #unstableStepSeen()} and calls its {@link StabilityListener}; it never
 * logs.
 *
 * <p>Parameters: {@code time_constants [H]} (uniform in [0.1, 0.6)), {@code W_ih} Linear(F → H)
 * and {@code W_hh} Linear(H → H) (PyTorch default init), named as in the original.
 */
public final class LiquidTimeConstantCell extends AbstractLayer {
    /** Default integration step, as in the original. */
    public static final double DEFAULT_TIME_STEP = 0.1;
    /** Default lower bound of τ. */
    public static final double DEFAULT_MIN_TIME_CONSTANT = 1e-3;
    /** Largest dt/τ for which the explicit Euler step of the decay does not grow. */
    public static final double EXPLICIT_STABILITY_LIMIT = 2.0;

    /** Time-stepping schemes. */
    public enum Integrator {
        /** {@code h ← h + dt·(−h/τ + drive)}: the original's update. */
        EXPLICIT_EULER,
        /** {@code h ← (h + dt·drive)/(1 + dt/τ)}: stable for every τ &gt; 0. */
        SEMI_IMPLICIT_EULER
    }

    /** Receives a notice when an explicit step is unstable. */
    @FunctionalInterface
    public interface StabilityListener {
        /**
         * Called once per forward pass in which some neuron has dt/τ above 2 under explicit Euler.
         *
         * @param neuron index of the neuron with the largest ratio
         * @param timeConstant its clamped τ
         * @param ratio its dt/τ
         */
        void onUnstableStep(int neuron, double timeConstant, double ratio);
    }

    private final int inputSize;
    private final int hiddenSize;
    private final double timeStep;
    private final double minTimeConstant;
    private final Integrator integrator;
    private final Tensor timeConstants;
    private final Linear inputWeights;
    private final Linear recurrentWeights;
    private volatile StabilityListener listener;
    private volatile boolean unstableStepSeen;

    /** Creates the cell with dt = 0.1, explicit Euler and τ ≥ 1e-3. */
    public LiquidTimeConstantCell(int inputSize, int hiddenSize, Rng initRng) {
        this(inputSize, hiddenSize, DEFAULT_TIME_STEP, Integrator.EXPLICIT_EULER, DEFAULT_MIN_TIME_CONSTANT, initRng);
    }

    /**
     * Creates the cell.
     *
     * @param inputSize feature width F
     * @param hiddenSize state width H
     * @param timeStep dt, positive and finite (time units of τ)
     * @param integrator time-stepping scheme
     * @param minTimeConstant lower bound applied to |τ|, positive and finite
     * @throws IllegalArgumentException if a value is out of range
     */
    public LiquidTimeConstantCell(int inputSize, int hiddenSize, double timeStep, Integrator integrator,
                                  double minTimeConstant, Rng initRng) {
        Shapes.requirePositive("LiquidTimeConstantCell inputSize", inputSize);
        Shapes.requirePositive("LiquidTimeConstantCell hiddenSize", hiddenSize);
        if (!(timeStep > 0 && Double.isFinite(timeStep))) {
            throw new IllegalArgumentException("LiquidTimeConstantCell timeStep must be positive and finite, got " + timeStep);
        }
        if (!(minTimeConstant > 0 && Double.isFinite(minTimeConstant))) {
            throw new IllegalArgumentException("LiquidTimeConstantCell minTimeConstant must be positive and finite, got "
                    + minTimeConstant);
        }
        if (integrator == null) {
            throw new IllegalArgumentException("LiquidTimeConstantCell integrator must not be null; use EXPLICIT_EULER or SEMI_IMPLICIT_EULER");
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.timeStep = timeStep;
        this.minTimeConstant = minTimeConstant;
        this.integrator = integrator;
        this.timeConstants = registerParameter("time_constants", Init.uniform(Tensor.zeros(hiddenSize), 0.1, 0.6, initRng.fork("tau")));
        this.inputWeights = registerChild("W_ih", new Linear(inputSize, hiddenSize, initRng.fork("W_ih")));
        this.recurrentWeights = registerChild("W_hh", new Linear(hiddenSize, hiddenSize, initRng.fork("W_hh")));
    }

    /**
     * Runs the cell and returns the last state.
     *
     * @param input {@code [B, T, F]} with T ≥ 1
     * @return {@code [B, H]}
     */
    @Override
    public Tensor forward(Tensor input) {
        Tensor states = forwardSequence(input);
        return states.select(1, states.dim(1) - 1);
    }

    /**
     * Runs the cell and returns the state after every step.
     *
     * @param input {@code [B, T, F]} with T ≥ 1
     * @return {@code [B, T, H]}
     * @throws ShapeMismatchException if the input is not {@code [B, T, F]} with T ≥ 1
     */
    public Tensor forwardSequence(Tensor input) {
        int[] shape = input.shape();
        if (shape.length != 3 || shape[2] != inputSize || shape[1] == 0) {
            throw new ShapeMismatchException("LiquidTimeConstantCell: input has shape " + Arrays.toString(shape)
                    + " but the cell expects [B, T, " + inputSize + "] with T >= 1 (batch-first)", null, shape);
        }
        int batch = shape[0];
        int steps = shape[1];
        Tensor tau = timeConstants.abs().clampMin(minTimeConstant);
        checkStability(tau.dataView());
        Tensor inputDrive = input.linear(inputWeights.weight(), inputWeights.bias());
        Tensor h = Tensor.zeros(batch, hiddenSize);
        Tensor[] states = new Tensor[steps];
        for (int t = 0; t < steps; t++) {
            Tensor drive = inputDrive.select(1, t).add(recurrentWeights.forward(h.tanh()));
            if (integrator == Integrator.EXPLICIT_EULER) {
                h = h.add(drive.sub(h.div(tau)).mul(timeStep));
            } else {
                h = h.add(drive.mul(timeStep)).div(tau.pow(-1).mul(timeStep).add(1));
            }
            states[t] = h;
        }
        return Tensor.stack(1, states);
    }

    private void checkStability(double[] tau) {
        if (integrator != Integrator.EXPLICIT_EULER) {
            return;
        }
        int worst = 0;
        for (int j = 1; j < tau.length; j++) {
            if (tau[j] < tau[worst]) {
                worst = j;
            }
        }
        double ratio = timeStep / tau[worst];
        if (ratio > EXPLICIT_STABILITY_LIMIT) {
            unstableStepSeen = true;
            StabilityListener l = listener;
            if (l != null) {
                l.onUnstableStep(worst, tau[worst], ratio);
            }
        }
    }

    /** Sets the listener notified of unstable explicit steps; {@code null} removes it. */
    public void setStabilityListener(StabilityListener listener) {
        this.listener = listener;
    }

    /** Returns whether some forward pass ran an explicit step with dt/τ above 2. */
    public boolean unstableStepSeen() {
        return unstableStepSeen;
    }

    /** Returns the raw parameter {@code time_constants [H]}, before the absolute value and clamp. */
    public Tensor timeConstants() {
        return timeConstants;
    }

    /** Returns the input map {@code W_ih}. */
    public Linear inputWeights() {
        return inputWeights;
    }

    /** Returns the recurrent map {@code W_hh}. */
    public Linear recurrentWeights() {
        return recurrentWeights;
    }

    /** Returns dt. */
    public double timeStep() {
        return timeStep;
    }

    /** Returns the lower bound of τ. */
    public double minTimeConstant() {
        return minTimeConstant;
    }

    /** Returns the time-stepping scheme. */
    public Integrator integrator() {
        return integrator;
    }

    /** Returns the feature width F. */
    public int inputSize() {
        return inputSize;
    }

    /** Returns the state width H. */
    public int hiddenSize() {
        return hiddenSize;
    }
}
