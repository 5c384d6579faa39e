/**
 * Data utilities: in-memory datasets, CSV reading, time-ordered splits, standardisation and
 * sliding windows for forecasting.
 *
 * <p>A typical forecasting pipeline, with L time steps and F features:
 *
 * <pre>{@code
 * NumericTable table = new CsvReader().readNumeric(path, "SUNACTIVITY");   // CSV -> [L, F]
 * Tensor series = table.values();
 * TimeSplit split = TimeSplit.split(series, 0.7, 0.15);                   // by time, no shuffling
 * ZScore scaler = ZScore.fit(series, split);                               // training rows only
 * SlidingWindows windows = SlidingWindows.of(24, 1);                       // 24 steps in, next value out
 * SplitDatasets sets = windows.buildSplit(scaler.transform(series), split); // [n, 24, F] -> [n, F]
 * }</pre>
 *
 * <p>Every class here rejects NaN and infinite values with a message that names the index, and
 * none of them logs. {@code docs/data.md} explains the window layout, the split boundaries and the
 * CSV conventions with examples.
 */
package dev.enn.data;
