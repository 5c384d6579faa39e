package dev.enn.optim;

/**
 * Cosine annealing from a base learning rate to {@code etaMin}, with optional linear warm-up.
 *
 * <p>With t completed steps, W warm-up steps and a cosine phase of {@code cosineSteps} steps:
 *
 * <pre>
 * lr(t) = base · (t + 1) / W                                        for t &lt; W
 * lr(t) = etaMin + (base − etaMin) · (1 + cos(π·(t − W)/cosineSteps)) / 2   for W ≤ t ≤ W + cosineSteps
 * lr(t) = etaMin                                                     for t &gt; W + cosineSteps
 * </pre>
 *
 * <p>The first step runs at {@code base/W} (not 0), the peak is {@code base}, and the rate reaches
 * {@code etaMin} exactly at {@code t = W + cosineSteps} and stays there. With base 1, etaMin 0 and
 * 4 cosine steps the rates for t = 0…5 are 1, 0.8535533906, 0.5, 0.1464466094, 0, 0.
 *
 * <p>PyTorch's {@code CosineAnnealingLR} instead keeps following the cosine after {@code T_max},
 * so the rate rebounds (0.1464466094 at t = 5 in that example). {@link #periodic} reproduces
 * that closed form for parity with code that steps it once per epoch for more than
 * {@code T_max} epochs.
 */
public final class CosineSchedule implements LearningRateSchedule {
    private final double baseLr;
    private final double etaMin;
    private final int warmupSteps;
    private final int cosineSteps;
    private final boolean periodic;

    private CosineSchedule(double baseLr, double etaMin, int warmupSteps, int cosineSteps, boolean periodic) {
        if (!(baseLr >= 0) || Double.isInfinite(baseLr)) {
            throw new IllegalArgumentException("CosineSchedule: baseLr = " + baseLr + " is invalid. It must be finite and >= 0");
        }
        if (!(etaMin >= 0) || etaMin > baseLr) {
            throw new IllegalArgumentException("CosineSchedule: etaMin = " + etaMin + " is invalid. It must lie in [0, baseLr = "
                    + baseLr + "]");
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("CosineSchedule: warmupSteps = " + warmupSteps + " is invalid. It must be >= 0");
        }
        if (cosineSteps <= 0) {
            throw new IllegalArgumentException("CosineSchedule: the cosine phase has " + cosineSteps
                    + " steps but needs at least 1, so totalSteps must exceed warmupSteps");
        }
        this.baseLr = baseLr;
        this.etaMin = etaMin;
        this.warmupSteps = warmupSteps;
        this.cosineSteps = cosineSteps;
        this.periodic = periodic;
    }

    /**
     * Creates a cosine schedule without warm-up that reaches {@code etaMin} after {@code tMax}
     * steps and stays there.
     *
     * @throws IllegalArgumentException if {@code baseLr} is negative or not finite, {@code etaMin}
     *     is outside [0, baseLr], or {@code tMax} is not positive
     */
    public static CosineSchedule of(double baseLr, double etaMin, int tMax) {
        return new CosineSchedule(baseLr, etaMin, 0, tMax, false);
    }

    /**
     * Creates a schedule with {@code warmupSteps} steps of linear warm-up, {@code base·(t+1)/W},
     * followed by a cosine decay that reaches {@code etaMin} at {@code t = totalSteps} and stays
     * there.
     *
     * @throws IllegalArgumentException if a rate is invalid, {@code warmupSteps} is negative, or
     *     {@code totalSteps} does not exceed {@code warmupSteps}
     */
    public static CosineSchedule withWarmup(double baseLr, double etaMin, int warmupSteps, int totalSteps) {
        return new CosineSchedule(baseLr, etaMin, warmupSteps, totalSteps - warmupSteps, false);
    }

    /**
     * Creates PyTorch's {@code CosineAnnealingLR(T_max = tMax, eta_min)} in closed form:
     * {@code etaMin + (base − etaMin)(1 + cos(π·t/tMax))/2} for every t, so it rises again after
     * {@code tMax}. Prefer {@link #of} unless parity with such a run is the goal.
     *
     * @throws IllegalArgumentException as {@link #of}
     */
    public static CosineSchedule periodic(double baseLr, double etaMin, int tMax) {
        return new CosineSchedule(baseLr, etaMin, 0, tMax, true);
    }

    /**
     * Returns the learning rate after {@code completedSteps} steps.
     *
     * @throws IllegalArgumentException if {@code completedSteps} is negative
     */
    @Override
    public double lr(int completedSteps) {
        if (completedSteps < 0) {
            throw new IllegalArgumentException("CosineSchedule: completedSteps = " + completedSteps + " must be >= 0");
        }
        if (completedSteps < warmupSteps) {
            return baseLr * (completedSteps + 1) / warmupSteps;
        }
        long cosineStep = (long) completedSteps - warmupSteps;
        if (cosineStep >= cosineSteps && !periodic) {
            return etaMin;
        }
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * cosineStep / cosineSteps)) / 2;
    }
}
