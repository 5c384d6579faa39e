package dev.enn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EnnDynamicsTest {
    private static final double GRADIENT_TOLERANCE = 1e-6;
    private static final double ROUNDING_TOLERANCE = 1e-15;

    // ---------------------------------------------------------------- decay and sparsity

    @Test
    void decayMultipliesByExpOfMinusRate() {
        Tensor decayed = EnnDynamics.decay(Tensor.vector(1, -2), 0.1);

        assertArrayEquals(new double[] {Math.exp(-0.1), -2 * Math.exp(-0.1)}, decayed.dataView(), ROUNDING_TOLERANCE);
        GradientCheck.assertGradients(in -> EnnDynamics.decay(in[0], 0.3), GRADIENT_TOLERANCE, randomState(1));
        assertThrows(IllegalArgumentException.class, () -> EnnDynamics.decay(Tensor.vector(1), Double.NaN));
    }

    @Test
    void sparsifyZeroesSmallMagnitudes() {
        Tensor sparse = EnnDynamics.sparsify(Tensor.vector(0.05, -0.05, 0.2, -0.3, 0.1), 0.1);

        assertArrayEquals(new double[] {0, 0, 0.2, -0.3, 0.1}, sparse.dataView());
        GradientCheck.assertGradients(in -> EnnDynamics.sparsify(in[0], 0.4), GRADIENT_TOLERANCE, randomState(2));
    }

    @Test
    void sparsifyWithZeroThresholdReturnsInput() {
        Tensor state = Tensor.vector(1e-9, 0);

        assertSame(state, EnnDynamics.sparsify(state, 0));
        assertSame(state, EnnDynamics.sparsify(state, -1));
        assertThrows(IllegalArgumentException.class, () -> EnnDynamics.sparsify(state, Double.NaN));
    }

    @Test
    void pruneBelowZeroesNegativesOnly() {
        Tensor pruned = EnnDynamics.pruneBelow(Tensor.vector(-1, 0, 2, Double.NEGATIVE_INFINITY), 0.0);

        assertArrayEquals(new double[] {0, 0, 2, 0}, pruned.dataView());
        GradientCheck.assertGradients(in -> EnnDynamics.pruneBelow(in[0], 0.0), GRADIENT_TOLERANCE, randomState(3));
    }

    // ---------------------------------------------------------------- collapse

    @Test
    void interferenceBoostsEntriesAboveRowMean() {
        Tensor adjusted = EnnDynamics.interferenceAdjust(Tensor.matrix(new double[][] {{1, 2, 3}, {4, 4, 4}}));

        // row 0: mean 2, so 1 and 2 are damped and 3 is boosted; row 1: no entry is strictly above the mean
        assertArrayEquals(new double[] {0.7, 1.4, 4.5, 2.8, 2.8, 2.8}, adjusted.dataView(), ROUNDING_TOLERANCE);
        GradientCheck.assertGradients(in -> EnnDynamics.interferenceAdjust(in[0]), GRADIENT_TOLERANCE, randomState(4));
    }

    @Test
    void stateCollapseComposesPruneInterferenceAndAutoencoder() {
        StateAutoencoder autoencoder = new StateAutoencoder(3, 2, new Rng(5));
        java.util.Arrays.fill(autoencoder.encoder().bias().dataView(), 0.5);
        Tensor state = randomState(6);

        Tensor collapsed = EnnDynamics.stateCollapse(state, 0.0, autoencoder);

        Tensor expected = autoencoder.forward(EnnDynamics.interferenceAdjust(EnnDynamics.pruneBelow(state, 0.0)));
        assertArrayEquals(expected.dataView(), collapsed.dataView());
        for (double v : collapsed.dataView()) {
            assertTrue(v >= 0, "collapsed entries are non-negative, got " + v);
        }
        GradientCheck.assertGradients(in -> EnnDynamics.stateCollapse(in[0], 0.0, autoencoder), GRADIENT_TOLERANCE,
                state);
    }

    // ---------------------------------------------------------------- recency

    @Test
    void recencyWeightsFavourNewestEntry() {
        double total = 0.81 + 0.9 + 1;

        assertArrayEquals(new double[] {0.81 / total, 0.9 / total, 1 / total}, EnnDynamics.recencyWeights(3, 0.9),
                ROUNDING_TOLERANCE);
        assertArrayEquals(new double[] {0, 0, 1}, EnnDynamics.recencyWeights(3, 0.0));
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, EnnDynamics.recencyWeights(4, 1.0));
        assertArrayEquals(new double[] {1}, EnnDynamics.recencyWeights(1, 0.5));
    }

    @Test
    void recencyWeightsRejectInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> EnnDynamics.recencyWeights(0, 0.9));
        assertThrows(IllegalArgumentException.class, () -> EnnDynamics.recencyWeights(2, -0.1));
        assertThrows(IllegalArgumentException.class, () -> EnnDynamics.recencyWeights(2, Double.NaN));
    }

    @Test
    void recencyAverageWeighsHistoryRows() {
        Tensor history = Tensor.matrix(new double[][] {{1, 10}, {2, 20}, {3, 30}});
        double[] w = EnnDynamics.recencyWeights(3, 0.5);

        Tensor average = EnnDynamics.recencyAverage(history, 0.5);

        assertArrayEquals(new int[] {2}, average.shape());
        assertEquals(w[0] + 2 * w[1] + 3 * w[2], average.dataView()[0], ROUNDING_TOLERANCE);
        assertEquals(10 * (w[0] + 2 * w[1] + 3 * w[2]), average.dataView()[1], 1e-14);
    }

    @Test
    void recencyAverageOfStackEqualsPerNeuronAverage() {
        Tensor histories = Tensor.randn(new Rng(7), 3, 4, 2);

        Tensor stacked = EnnDynamics.recencyAverage(histories, 0.9);

        assertArrayEquals(new int[] {3, 2}, stacked.shape());
        for (int n = 0; n < 3; n++) {
            assertArrayEquals(EnnDynamics.recencyAverage(histories.select(0, n), 0.9).dataView(),
                    stacked.select(0, n).toArray(), ROUNDING_TOLERANCE, "neuron " + n);
        }
        GradientCheck.assertGradients(in -> EnnDynamics.recencyAverage(in[0], 0.9), GRADIENT_TOLERANCE,
                histories.requireGrad(true));
    }

    @Test
    void recencyAverageRejectsVector() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnnDynamics.recencyAverage(Tensor.vector(1, 2), 0.9));

        assertTrue(e.getMessage().contains("[..., M, S]"), e.getMessage());
    }

    // ---------------------------------------------------------------- low-power top-k

    @Test
    void topKKeepsLargestSignedValues() {
        Tensor kept = EnnDynamics.lowPowerTopK(Tensor.matrix(new double[][] {{3, 1, 2}, {-1, -3, -2}}), 2);

        assertArrayEquals(new double[] {3, 0, 2, -1, 0, -2}, kept.dataView());
    }

    @Test
    void topKKeepsAllTiesWithKthValue() {
        Tensor kept = EnnDynamics.lowPowerTopK(Tensor.vector(2, 1, 2, 0), 1);

        assertArrayEquals(new double[] {2, 0, 2, 0}, kept.dataView());
    }

    @Test
    void topKAboveWidthKeepsEverything() {
        Tensor state = Tensor.vector(-1, 5, 0);

        assertArrayEquals(state.dataView(), EnnDynamics.lowPowerTopK(state, 10).dataView());
    }

    @Test
    void topKGradientPassesKeptEntries() {
        GradientCheck.assertGradients(in -> EnnDynamics.lowPowerTopK(in[0], 2), GRADIENT_TOLERANCE, randomState(8));
    }

    @Test
    void topKRejectsNonPositiveK() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnnDynamics.lowPowerTopK(Tensor.vector(1, 2), 0));

        assertTrue(e.getMessage().contains("k = 0"), e.getMessage());
    }

    /** Returns a [4, 3] state that requires a gradient, with entries away from 0 and from each other. */
    private static Tensor randomState(long seed) {
        return Tensor.randn(new Rng(seed), 4, 3).requireGrad(true);
    }
}
