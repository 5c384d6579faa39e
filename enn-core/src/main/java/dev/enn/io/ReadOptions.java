package dev.enn.io;

import java.util.Objects;

/**
 * Options for {@link SafeTensors#read(java.nio.file.Path, ReadOptions)}.
 *
 * @param nonFinite what to do with NaN and ±∞ values in floating-point tensors
 */
public record ReadOptions(NonFinitePolicy nonFinite) {
    /** Checks that the policy is not null. */
    public ReadOptions {
        Objects.requireNonNull(nonFinite, "ReadOptions.nonFinite must not be null; use NonFinitePolicy.REJECT or ALLOW");
    }

    /** Returns the default options: non-finite values are rejected. */
    public static ReadOptions defaults() {
        return new ReadOptions(NonFinitePolicy.REJECT);
    }

    /** Returns options that load non-finite values and log a warning. */
    public static ReadOptions allowNonFinite() {
        return new ReadOptions(NonFinitePolicy.ALLOW);
    }
}
