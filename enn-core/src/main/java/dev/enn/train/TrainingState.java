package dev.enn.train;

import dev.enn.optim.ParameterState;
import dev.enn.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Everything a checkpoint stores to continue a {@link Trainer#fit} run exactly: the position in
 * the run, the random generator states, the model and optimizer state, the best-epoch tracking
 * and the history so far.
 *
 * @param epochsCompleted epochs finished; the resumed run starts with this epoch index
 * @param step batches visited, skipped ones included
 * @param completedSteps optimizer steps applied; the position of a per-step schedule
 * @param skippedSteps batches skipped under {@link NonFinitePolicy#SKIP_STEP}
 * @param learningRate the optimizer's learning rate after the last step
 * @param trainSize samples in the training set of the saved run
 * @param batchSize batch size of the saved run
 * @param shuffleRng state of the trainer's shuffle stream ({@link dev.enn.tensor.Rng#saveState()})
 * @param generators states of the model's {@link dev.enn.layer.Layer#namedGenerators()}, by name
 * @param model the model's parameters and buffers, by name
 * @param optimizer the optimizer's {@link dev.enn.optim.Optimizer#state()}
 * @param bestEpoch epoch with the best monitored loss so far, or -1
 * @param bestLoss its monitored loss, or NaN
 * @param epochsWithoutImprovement epochs since the best one, for early stopping
 * @param bestWeights copy of the best epoch's state when the run restores best weights, else null
 * @param history metrics of every finished epoch
 */
record TrainingState(int epochsCompleted, long step, int completedSteps, int skippedSteps, double learningRate,
        int trainSize, int batchSize, long[] shuffleRng, Map<String, long[]> generators, Map<String, Tensor> model,
        Map<String, ParameterState> optimizer, int bestEpoch, double bestLoss, int epochsWithoutImprovement,
        Map<String, double[]> bestWeights, List<EpochMetrics> history) {
}
