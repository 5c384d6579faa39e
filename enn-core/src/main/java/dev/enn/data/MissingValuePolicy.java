package dev.enn.data;

/**
 * Treatment of a missing cell in a column selected by {@link CsvTable#numeric(String...)}. A cell is
 * missing when it is empty or contains only spaces and tabs, or when its trimmed text is one of
 * the reader's missing-value markers ({@link CsvReader#withMissingMarkers(String...)}). A cell
 * that is present but not a number is rejected under every policy.
 */
public enum MissingValuePolicy {
    /** Rejects the file, naming the line, the column and the cell. The default. */
    STRICT,
    /** Drops every record that has a missing cell in any selected column; other columns are ignored. */
    DROP_ROW,
    /**
     * Stores NaN for the missing cell. {@link ZScore}, {@link SlidingWindows} and {@link Dataset}
     * reject NaN, so the caller must impute or drop these values before using them.
     */
    NAN
}
