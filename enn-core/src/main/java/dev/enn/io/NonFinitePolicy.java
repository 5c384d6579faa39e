package dev.enn.io;

/** Policy for NaN, +∞ and −∞ in floating-point tensors when a model file is read or written. */
public enum NonFinitePolicy {
    /** Fail, naming the tensor, the first non-finite value and its index. The default. */
    REJECT,
    /** Keep the values and log one SLF4J warning per file that lists the affected tensors. */
    ALLOW
}
