package dev.enn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CosineScheduleTest {
    /** Expected values are quoted to 10 significant digits. */
    private static final double QUOTED_TOLERANCE = 1e-10;

    private static void assertRates(double[] expected, LearningRateSchedule schedule) {
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], schedule.lr(t), QUOTED_TOLERANCE, "lr(" + t + ")");
        }
    }

    @Test
    void cosineReachesMinimumAtTMaxAndHolds() {
        CosineSchedule schedule = CosineSchedule.of(1.0, 0.0, 4);
        assertRates(new double[] {1.0, 0.8535533906, 0.5, 0.1464466094, 0.0, 0.0, 0.0}, schedule);
        assertEquals(1.0, schedule.lr(0), 0.0);
        assertEquals(0.0, schedule.lr(4), 0.0);
        assertEquals(0.0, schedule.lr(1_000_000), 0.0);
    }

    @Test
    void warmupStartsAboveZeroAndEndsAtMinimum() {
        CosineSchedule schedule = CosineSchedule.withWarmup(1.0, 0.0, 2, 6);
        assertRates(new double[] {0.5, 1.0, 1.0, 0.8535533906, 0.5, 0.1464466094, 0.0, 0.0, 0.0}, schedule);
        assertTrue(schedule.lr(0) > 0);
        assertEquals(0.0, schedule.lr(6), 0.0);
    }

    @Test
    void warmupNeverRebounds() {
        CosineSchedule schedule = CosineSchedule.withWarmup(1.0, 0.0, 2, 6);
        double peak = 0;
        for (int t = 0; t < 50; t++) {
            peak = Math.max(peak, schedule.lr(t));
            if (t >= 2) {
                assertTrue(schedule.lr(t + 1) <= schedule.lr(t), "lr rises after step " + t);
            }
        }
        assertEquals(1.0, peak, 0.0);
    }

    @Test
    void minimumIsReachedExactlyWithNonZeroEtaMin() {
        CosineSchedule schedule = CosineSchedule.of(0.1, 0.003, 7);
        assertEquals(0.1, schedule.lr(0), 0.0);
        assertEquals(0.003, schedule.lr(7), 0.0);
        assertEquals(0.003, schedule.lr(8), 0.0);
    }

    @Test
    void periodicFormReboundsAsPyTorch() {
        CosineSchedule schedule = CosineSchedule.periodic(1.0, 0.0, 4);
        assertRates(new double[] {1.0, 0.8535533906, 0.5, 0.1464466094, 0.0, 0.1464466094, 0.5, 0.8535533906, 1.0},
                schedule);
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> CosineSchedule.of(-1.0, 0.0, 4));
        assertThrows(IllegalArgumentException.class, () -> CosineSchedule.of(Double.NaN, 0.0, 4));
        assertThrows(IllegalArgumentException.class, () -> CosineSchedule.of(Double.POSITIVE_INFINITY, 0.0, 4));
        assertThrows(IllegalArgumentException.class, () -> CosineSchedule.of(1.0, -0.1, 4));
        assertThrows(IllegalArgumentException.class, () -> CosineSchedule.of(1.0, 2.0, 4));
        assertThrows(IllegalArgumentException.class, () -> CosineSchedule.of(1.0, 0.0, 0));
        assertThrows(IllegalArgumentException.class, () -> CosineSchedule.withWarmup(1.0, 0.0, -1, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CosineSchedule.withWarmup(1.0, 0.0, 4, 4));
        assertTrue(e.getMessage().contains("totalSteps must exceed warmupSteps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CosineSchedule.of(1.0, 0.0, 4).lr(-1));
    }

    @Test
    void constantScheduleReturnsItsRate() {
        ConstantSchedule schedule = new ConstantSchedule(0.01);
        assertEquals(0.01, schedule.lr(0), 0.0);
        assertEquals(0.01, schedule.lr(12345), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new ConstantSchedule(-0.01));
        assertThrows(IllegalArgumentException.class, () -> new ConstantSchedule(Double.NaN));
    }
}
