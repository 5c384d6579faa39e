package dev.enn.data;

/**
 * The windowed training, validation and test sets of one {@link TimeSplit}, as built by
 * {@link SlidingWindows#buildSplit(dev.enn.tensor.Tensor, TimeSplit)}.
 *
 * @param train windows whose inputs and targets lie in the training part
 * @param validation windows whose targets lie in the validation part
 * @param test windows whose targets lie in the test part
 */
public record SplitDatasets(Dataset train, Dataset validation, Dataset test) {
}
