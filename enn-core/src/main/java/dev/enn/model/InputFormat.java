package dev.enn.model;

/**
 * The layout of an {@link EnnModel}'s input, chosen when the model is built and never guessed from
 * the input's shape. The original treated a sequence whose length T happened to equal N as a
 * {@code [B, N, S]} grid; this port keeps reading it as a sequence.
 */
public enum InputFormat {
    /**
     * {@code [B, T, F]}: only the last time step {@code x[:, T−1, :]} is used. It is projected by
     * {@code input_projection} to N·S values and reshaped row-major to {@code [B, N, S]}.
     */
    SEQUENCE,
    /** {@code [B, F]}: projected and reshaped as one time step of {@link #SEQUENCE}. */
    VECTOR,
    /**
     * {@code [B, N, S]}: used as the grid directly. {@code input_projection} still exists, so
     * parameter counts match the original, but it gets no gradient.
     */
    DIRECT
}
