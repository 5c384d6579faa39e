package dev.enn.tensor;

/**
 * Seeded pseudo-random generator (SplitMix64) with a fixed, documented algorithm, so that the
 * same seed gives the same bits on every JVM. Every random draw in enn goes through an explicit
 * {@code Rng}; there is no global generator.
 *
 * <p>Not thread-safe: give each thread its own generator, for example with {@link #fork(String)}.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;
    private double spareGaussian;
    private boolean hasSpareGaussian;

    /** Creates a generator whose whole output sequence is determined by {@code seed}. */
    public Rng(long seed) {
        this.state = seed;
    }

    /**
     * Returns an independent generator for one concern (initialisation, dropout, shuffling …),
     * derived from this generator's current state and the stream name. Forking does not advance
     * this generator, so adding a stream never shifts the draws of another.
     */
    public Rng fork(String stream) {
        long h = state ^ 0x5DEECE66DL;
        for (int i = 0; i < stream.length(); i++) {
            h = mix64(h + stream.charAt(i) * GOLDEN_GAMMA);
        }
        return new Rng(mix64(h));
    }

    /** Returns the next 64 uniformly distributed bits. */
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Returns a uniform double in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Returns a uniform double in [low, high). */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** Returns a uniform int in [0, bound); {@code bound} must be positive. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        // Lemire's multiply-shift with rejection, unbiased.
        long m = ((nextLong() >>> 32) & 0xFFFFFFFFL) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = ((nextLong() >>> 32) & 0xFFFFFFFFL) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Returns a standard normal draw (Marsaglia polar method, deterministic for a seed). */
    public double nextGaussian() {
        if (hasSpareGaussian) {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * factor;
        hasSpareGaussian = true;
        return u * factor;
    }

    /** Returns a uniformly random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Returns a snapshot of the internal state, for checkpoints. */
    public long[] saveState() {
        return new long[] {state, Double.doubleToRawLongBits(spareGaussian), hasSpareGaussian ? 1 : 0};
    }

    /** Restores a snapshot taken with {@link #saveState()}. */
    public void restoreState(long[] snapshot) {
        if (snapshot.length != 3) {
            throw new IllegalArgumentException("Rng state must have 3 entries, got " + snapshot.length);
        }
        state = snapshot[0];
        spareGaussian = Double.longBitsToDouble(snapshot[1]);
        hasSpareGaussian = snapshot[2] != 0;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
