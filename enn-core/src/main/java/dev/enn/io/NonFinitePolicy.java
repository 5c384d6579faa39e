package dev.enn.io;

/** What reading or writing a model file does with NaN, +∞ and −∞ in floating-point tensors. */
public enum NonFinitePolicy {
    /** Fail, naming the tensor, the first non-finite value and its index. The default. */
    REJECT,
    /** Keep the values and log one SLF4J warning per file that lists the affected tensors. */
    ALLOW
}
