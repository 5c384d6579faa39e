package dev.enn.examples.forecast;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The simple forecasters that every learned model must beat. Each maps a window of past values
 * {@code [n, W]} (oldest first) to a prediction of the target value per window.
 */
public final class ClassicalForecasters {
    private ClassicalForecasters() {
    }

    /** Predicts the last value of each window (naive persistence). */
    public static double[] persistence(double[][] windows) {
        double[] out = new double[windows.length];
        for (int i = 0; i < windows.length; i++) {
            out[i] = windows[i][windows[i].length - 1];
        }
        return out;
    }

    /** Predicts the same constant for every window, e.g. the mean of the training targets. */
    public static double[] constant(int count, double value) {
        double[] out = new double[count];
        java.util.Arrays.fill(out, value);
        return out;
    }

    /** A linear autoregression {@code ŷ = c + Σ_j a_j·x_j} over the window, fitted by least squares. */
    public static final class LinearAutoregression {
        private final double[] coefficients;
        private final double intercept;

        private LinearAutoregression(double[] coefficients, double intercept) {
            this.coefficients = coefficients;
            this.intercept = intercept;
        }

        /**
         * Fits the model by ordinary least squares (QR decomposition).
         *
         * @param windows training windows {@code [n, W]}
         * @param targets training targets {@code [n]}
         * @throws IllegalArgumentException if there are fewer windows than coefficients
         */
        public static LinearAutoregression fit(double[][] windows, double[] targets) {
            int n = windows.length;
            int w = n == 0 ? 0 : windows[0].length;
            if (n < w + 1) {
                throw new IllegalArgumentException("linear autoregression needs at least " + (w + 1)
                        + " training windows for a window of " + w + " values, got " + n);
            }
            DMatrixRMaj design = new DMatrixRMaj(n, w + 1);
            DMatrixRMaj y = new DMatrixRMaj(n, 1);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < w; j++) {
                    design.set(i, j, windows[i][j]);
                }
                design.set(i, w, 1.0);
                y.set(i, 0, targets[i]);
            }
            LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquares(n, w + 1);
            if (!solver.setA(design)) {
                throw new IllegalStateException("linear autoregression: the training windows are rank-deficient");
            }
            DMatrixRMaj beta = new DMatrixRMaj(w + 1, 1);
            solver.solve(y, beta);
            double[] a = new double[w];
            for (int j = 0; j < w; j++) {
                a[j] = beta.get(j, 0);
            }
            return new LinearAutoregression(a, beta.get(w, 0));
        }

        /** Predicts one value per window. */
        public double[] predict(double[][] windows) {
            double[] out = new double[windows.length];
            for (int i = 0; i < windows.length; i++) {
                double s = intercept;
                for (int j = 0; j < coefficients.length; j++) {
                    s += coefficients[j] * windows[i][j];
                }
                out[i] = s;
            }
            return out;
        }
    }

    /** Root mean squared error. */
    public static double rmse(double[] predicted, double[] actual) {
        double s = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = predicted[i] - actual[i];
            s += d * d;
        }
        return Math.sqrt(s / actual.length);
    }

    /** Mean absolute error. */
    public static double mae(double[] predicted, double[] actual) {
        double s = 0;
        for (int i = 0; i < actual.length; i++) {
            s += Math.abs(predicted[i] - actual[i]);
        }
        return s / actual.length;
    }
}
