package dev.enn.model;

/**
 * How {@link EnnModel} reads its input. The format is chosen when the model is built and never
 * guessed from the input's shape: the original treated a sequence whose length T happened to
 * equal N as a {@code [B, N, S]} grid, which this port does not do.
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
