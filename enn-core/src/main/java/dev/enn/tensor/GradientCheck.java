package dev.enn.tensor;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Compares reverse-mode gradients with central finite differences in double precision.
 *
 * <p>The function's output is reduced to a scalar {@code L = Σ out ⊙ W} with fixed random
 * weights {@code W}, so every output element contributes with a distinct weight. For each
 * element {@code x_j} of each checked input, the numeric derivative is
 * {@code (L(x_j + h) − L(x_j − h)) / 2h}. The function must be deterministic (dropout off, or a
 * generator re-created inside it) and must not be evaluated at kinks (ReLU at 0, ties in max).
 */
public final class GradientCheck {
    /** Default step h. */
    public static final double DEFAULT_STEP = 1e-6;
    /** Default tolerance: |analytic − numeric| ≤ tol · max(1, |numeric|). */
    public static final double DEFAULT_TOLERANCE = 1e-6;

    private GradientCheck() {
    }

    /**
     * Outcome of a check.
     *
     * @param maxError largest |analytic − numeric| / max(1, |numeric|) over all checked elements
     * @param worst description of the element with the largest error
     * @param checked number of elements compared
     */
    public record Result(double maxError, String worst, int checked) {
    }

    /**
     * Checks the gradients of {@code f} with respect to every input that requires a gradient.
     * Inputs that do not require one are treated as constants.
     */
    public static Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(f, DEFAULT_STEP, inputs);
    }

    /** Checks as {@link #check(Function, Tensor...)} with step {@code h}. */
    public static Result check(Function<Tensor[], Tensor> f, double h, Tensor... inputs) {
        for (Tensor t : inputs) {
            t.zeroGrad();
        }
        Tensor out = f.apply(inputs);
        Tensor weights = Tensor.uniform(new Rng(0x9E37L), 0.5, 1.5, out.shape());
        for (int i = 0; i < weights.size(); i++) {
            if ((i & 1) == 1) {
                weights.dataView()[i] = -weights.dataView()[i];
            }
        }
        if (!out.requiresGrad()) {
            throw new IllegalArgumentException("GradientCheck: the output does not depend on any input that requires a gradient");
        }
        out.mul(weights).sum().backward();

        double maxError = 0;
        String worst = "none";
        int checked = 0;
        try (Autograd.Scope scope = Autograd.noGrad()) {
            for (int t = 0; t < inputs.length; t++) {
                Tensor input = inputs[t];
                if (!input.requiresGrad()) {
                    continue;
                }
                double[] analytic = input.gradView() == null ? new double[input.size()] : input.gradView().clone();
                double[] x = input.dataView();
                for (int j = 0; j < x.length; j++) {
                    double saved = x[j];
                    x[j] = saved + h;
                    double plus = weightedSum(f.apply(inputs), weights);
                    x[j] = saved - h;
                    double minus = weightedSum(f.apply(inputs), weights);
                    x[j] = saved;
                    double numeric = (plus - minus) / (2 * h);
                    double error = Math.abs(analytic[j] - numeric) / Math.max(1.0, Math.abs(numeric));
                    if (!(error <= maxError)) {
                        maxError = error;
                        worst = "input " + t + " " + Arrays.toString(input.shape()) + " element " + j
                                + ": analytic " + analytic[j] + ", numeric " + numeric;
                    }
                    checked++;
                }
            }
        }
        return new Result(maxError, worst, checked);
    }

    /**
     * Runs {@link #check} and throws an {@link AssertionError} describing the worst element if
     * the error exceeds {@code tolerance}.
     */
    public static void assertGradients(Function<Tensor[], Tensor> f, double tolerance, Tensor... inputs) {
        Result r = check(f, inputs);
        if (!(r.maxError() <= tolerance)) {
            throw new AssertionError("gradient check failed: max error " + r.maxError() + " > " + tolerance
                    + " at " + r.worst());
        }
    }

    private static double weightedSum(Tensor out, Tensor weights) {
        double[] o = out.dataView();
        double[] w = weights.dataView();
        double s = 0;
        for (int i = 0; i < o.length; i++) {
            s += o[i] * w[i];
        }
        return s;
    }
}
