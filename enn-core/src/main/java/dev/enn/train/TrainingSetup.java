package dev.enn.train;

/**
 * The plan of a training run, reported once at its start.
 *
 * @param epochs maximum number of epochs
 * @param trainSamples samples in the training set
 * @param validationSamples samples in the validation set, 0 without one
 * @param batchSize samples per batch (the last batch of an epoch may be smaller)
 * @param stepsPerEpoch batches per epoch
 * @param parameterCount trainable scalars of the model
 */
public record TrainingSetup(int epochs, int trainSamples, int validationSamples, int batchSize, int stepsPerEpoch,
        long parameterCount) {
}
