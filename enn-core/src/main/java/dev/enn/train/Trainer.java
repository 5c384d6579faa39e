package dev.enn.train;

import dev.enn.data.Batch;
import dev.enn.data.Dataset;
import dev.enn.io.ModelFileException;
import dev.enn.io.ModelFiles;
import dev.enn.layer.Layer;
import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Regularized;
import dev.enn.loss.Loss;
import dev.enn.optim.GradientClipping;
import dev.enn.optim.LearningRateSchedule;
import dev.enn.optim.Optimizer;
import dev.enn.tensor.Autograd;
import dev.enn.tensor.ProductPrecision;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mini-batch training loop. Build one with {@link #builder(Layer, Loss, Optimizer)} and call
 * {@link #fit(Dataset)}.
 *
 * <p>Each epoch visits every training sample once, in an order drawn from the trainer's own
 * shuffle stream ({@code new Rng(seed).fork("shuffle")}), so the batch order depends only on the
 * seed and the dataset size, never on the model. The last batch is kept even when it is smaller
 * than the batch size. For each batch the trainer:
 * <ol>
 *   <li>sets the learning rate from the schedule, when the schedule advances per step,</li>
 *   <li>clears the gradients, runs the model in training mode and computes the loss, adding the
 *       {@code regularization()} of the model and of every nested layer that implements
 *       {@link Regularized} (found through {@link AbstractLayer#children()}),</li>
 *   <li>back-propagates, computes the global gradient norm and clips it if a clip norm is set,</li>
 *   <li>steps the optimizer and reports {@link StepMetrics} to the listeners.</li>
 * </ol>
 * A NaN or infinite loss or gradient norm stops the run with a {@link NonFiniteValueException},
 * or skips the batch under {@link NonFinitePolicy#SKIP_STEP}.
 *
 * <p>After each epoch the validation set, if given, is evaluated in evaluation mode inside
 * {@link Autograd#noGrad()}. That draws no training randomness, so validating does not change
 * the training losses or weights. Early stopping and "best epoch" monitor the validation loss,
 * or the train loss without a validation set.
 *
 * <p><b>Checkpoints.</b> With {@link Builder#checkpoints(Path, int, int)} the trainer saves the
 * full run state (weights, optimizer moments, epoch and step, the shuffle stream, the model's
 * dropout generators, best-epoch tracking, history) every N epochs and at each new best monitored
 * loss; {@link Builder#resumeFrom(Path)} continues from the newest readable one, and the resumed
 * run computes the same losses and weights as an uninterrupted run. {@link Checkpoints}
 * describes the files.
 *
 * <p>The trainer never prints, so add a {@link LoggingListener} for log lines. The one exception
 * is resuming: a checkpoint that cannot be read is reported to the listeners and logged at WARN
 * (logger {@code dev.enn.train.Trainer}) before the trainer falls back to an older one. A trainer
 * may be reused, and every {@link #fit} restarts the shuffle stream from the seed. It is not
 * thread-safe, but separate trainers with separate models run concurrently without affecting
 * each other.
 */
public final class Trainer {
    private static final String SHUFFLE_STREAM = "shuffle";
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final Layer model;
    /** The model and its nested layers whose penalties are added to the training loss. */
    private final List<Regularized> regularizedLayers;
    private final Loss loss;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final double clipNorm;
    private final NonFinitePolicy nonFinitePolicy;
    private final LearningRateSchedule schedule;
    private final ScheduleUnit scheduleUnit;
    private final Dataset validation;
    private final Metric validationMetric;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBestWeights;
    private final List<TrainingListener> listeners;
    private final Path checkpointDirectory;
    private final int checkpointEvery;
    private final int checkpointKeepLast;
    private final Path resumeDirectory;
    private final ProductPrecision productPrecision;

    private Trainer(Builder builder) {
        this.model = builder.model;
        this.regularizedLayers = regularizedLayers(builder.model);
        this.loss = builder.loss;
        this.optimizer = builder.optimizer;
        this.epochs = builder.epochs;
        this.batchSize = builder.batchSize;
        this.shuffle = builder.shuffle;
        this.seed = builder.seed;
        this.clipNorm = builder.clipNorm;
        this.nonFinitePolicy = builder.nonFinitePolicy;
        this.schedule = builder.schedule;
        this.scheduleUnit = builder.scheduleUnit;
        this.validation = builder.validation;
        this.validationMetric = builder.validationMetric;
        this.patience = builder.patience;
        this.minDelta = builder.minDelta;
        this.restoreBestWeights = builder.restoreBestWeights;
        this.listeners = List.copyOf(builder.listeners);
        this.checkpointDirectory = builder.checkpointDirectory;
        this.checkpointEvery = builder.checkpointEvery;
        this.productPrecision = builder.productPrecision;
        this.checkpointKeepLast = builder.checkpointKeepLast;
        this.resumeDirectory = builder.resumeDirectory;
    }

    /**
     * Starts a builder.
     *
     * @param model the model to train, whose parameters are updated in place
     * @param loss the objective, applied to the model output and the batch targets
     * @param optimizer an optimizer over (a subset of) the model's parameters
     */
    public static Builder builder(Layer model, Loss loss, Optimizer optimizer) {
        return new Builder(model, loss, optimizer);
    }

    /**
     * Trains the model on {@code train} and returns the per-epoch history. The model is in
     * training mode during the batches and is left in the mode it had before the call.
     *
     * @param train the training samples, with inputs in the shape the model expects plus a leading
     *     sample axis
     * @throws IllegalArgumentException if the validation set's sample or target shape differs from
     *     the training set's, or the loss rejects a batch
     * @throws NonFiniteValueException under {@link NonFinitePolicy#FAIL}, if a loss or gradient
     *     norm is NaN or infinite. The weights are then those before the offending batch.
     * @throws UncheckedIOException if a checkpoint cannot be written, or the resume directory
     *     cannot be listed
     * @throws IllegalStateException when resuming, if the directory has no checkpoint or none of
     *     them can be loaded; the model and optimizer are then unchanged
     */
    public TrainingHistory fit(Dataset train) {
        Objects.requireNonNull(train, "Trainer.fit: the training dataset is null");
        requireCompatibleValidation(train);
        Map<String, Tensor> parameters = model.namedParameters();
        int stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;
        for (TrainingListener listener : listeners) {
            listener.onTrainStart(new TrainingSetup(epochs, train.size(), validation == null ? 0 : validation.size(),
                    batchSize, stepsPerEpoch, model.parameterCount()));
        }

        boolean wasTraining = model.isTraining();
        Run run = new Run(new Rng(seed).fork(SHUFFLE_STREAM),
                new BestEpochTracker(model, patience, minDelta, restoreBestWeights));
        int firstEpoch = resumeDirectory == null ? 0 : resume(run, train);
        createCheckpointDirectory();
        if (firstEpoch > 0 && run.best.shouldStop() && firstEpoch < epochs) {
            run.stoppedEarly = true;
            firstEpoch = epochs;
        }
        try (Autograd.Scope precision = productPrecision == null ? null : productPrecision.use()) {
            for (int epoch = firstEpoch; epoch < epochs; epoch++) {
                runEpoch(epoch, train, parameters, run);
                if (run.best.shouldStop() && epoch < epochs - 1) {
                    run.stoppedEarly = true;
                    break;
                }
            }
        } finally {
            model.setTraining(wasTraining);
        }

        boolean restored = restoreBestWeights && run.best.restoreBestWeights();
        if (restoreBestWeights && !restored) {
            warn("restoreBestWeights: no epoch had a finite monitored loss, so the final weights are kept");
        }
        TrainingHistory history = new TrainingHistory(run.history, run.best.bestEpoch(), run.best.bestLoss(),
                run.stoppedEarly, restored, run.completedSteps, run.skippedSteps);
        for (TrainingListener listener : listeners) {
            listener.onTrainEnd(history);
        }
        return history;
    }

    /** Mutable progress of one {@link #fit} call. */
    private static final class Run {
        final Rng shuffleRng;
        final BestEpochTracker best;
        final List<EpochMetrics> history = new ArrayList<>();
        long step;
        int completedSteps;
        int skippedSteps;
        boolean stoppedEarly;

        Run(Rng shuffleRng, BestEpochTracker best) {
            this.shuffleRng = shuffleRng;
            this.best = best;
        }
    }

    private void runEpoch(int epoch, Dataset train, Map<String, Tensor> parameters, Run run) {
        long epochStart = System.nanoTime();
        int[] order = shuffle ? run.shuffleRng.permutation(train.size()) : identity(train.size());
        for (TrainingListener listener : listeners) {
            listener.onEpochStart(epoch, order.clone());
        }
        if (schedule != null && scheduleUnit == ScheduleUnit.EPOCH) {
            optimizer.setLearningRate(schedule.lr(epoch));
        }

        model.setTraining(true);
        double lossSum = 0;
        int lossSamples = 0;
        int skippedBefore = run.skippedSteps;
        for (int start = 0; start < order.length; start += batchSize) {
            Batch batch = train.batch(Arrays.copyOfRange(order, start, Math.min(start + batchSize, order.length)));
            double batchLoss = trainBatch(epoch, batch, parameters, run);
            if (!Double.isNaN(batchLoss)) {
                lossSum += batchLoss * batch.size();
                lossSamples += batch.size();
            }
            run.step++;
        }
        int skipped = run.skippedSteps - skippedBefore;
        if (lossSamples == 0) {
            warn("every batch of epoch " + epoch + " was skipped because of non-finite values, so its train loss is NaN");
        }
        double trainLoss = lossSamples == 0 ? Double.NaN : lossSum / lossSamples;

        double validationLoss = Double.NaN;
        double metricValue = Double.NaN;
        if (validation != null) {
            ValidationResult result = validate();
            validationLoss = result.loss;
            metricValue = validationMetric == null ? Double.NaN : validationMetric.of(result.evaluation);
            if (!Double.isFinite(validationLoss)) {
                warn("validation loss of epoch " + epoch + " is " + validationLoss);
            }
        }
        run.best.record(epoch, validation != null ? validationLoss : trainLoss);

        EpochMetrics metrics = new EpochMetrics(epoch, trainLoss, validationLoss, metricValue, skipped,
                (System.nanoTime() - epochStart) / 1e6);
        run.history.add(metrics);
        for (TrainingListener listener : listeners) {
            listener.onEpochEnd(metrics);
        }
        saveCheckpoints(epoch, train, run);
    }

    // ---------------------------------------------------------------- checkpoints

    private void createCheckpointDirectory() {
        if (checkpointDirectory == null) {
            return;
        }
        try {
            Files.createDirectories(checkpointDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer: cannot create the checkpoint directory " + checkpointDirectory, e);
        }
    }

    /** Writes the periodic checkpoint every {@code checkpointEvery} epochs and the best one at a new best epoch. */
    private void saveCheckpoints(int epoch, Dataset train, Run run) {
        if (checkpointDirectory == null) {
            return;
        }
        boolean periodic = (epoch + 1) % checkpointEvery == 0;
        boolean best = run.best.bestEpoch() == epoch;
        if (!periodic && !best) {
            return;
        }
        TrainingState state = snapshot(epoch + 1, train, run);
        Path file = null;
        try {
            if (periodic) {
                file = checkpointDirectory.resolve(Checkpoints.fileName(epoch + 1));
                Checkpoints.write(file, state);
                deleteOldCheckpoints(epoch + 1);
            }
            if (best) {
                file = checkpointDirectory.resolve(Checkpoints.BEST_FILE);
                Checkpoints.write(file, state);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer: writing the checkpoint " + file + " after epoch " + epoch + " failed", e);
        }
    }

    private TrainingState snapshot(int epochsCompleted, Dataset train, Run run) {
        Map<String, long[]> generators = new LinkedHashMap<>();
        for (Map.Entry<String, Rng> entry : model.namedGenerators().entrySet()) {
            generators.put(entry.getKey(), entry.getValue().saveState());
        }
        return new TrainingState(epochsCompleted, run.step, run.completedSteps, run.skippedSteps, optimizer.learningRate(),
                train.size(), batchSize, run.shuffleRng.saveState(), generators, ModelFiles.stateOf(model),
                optimizer.state(), run.best.bestEpoch(), run.best.bestLoss(), run.best.epochsWithoutImprovement(),
                run.best.bestWeights(), run.history);
    }

    /** Deletes periodic checkpoints beyond the newest {@code checkpointKeepLast}, among those up to {@code epochsCompleted}. */
    private void deleteOldCheckpoints(int epochsCompleted) throws IOException {
        int kept = 0;
        for (Path file : Checkpoints.list(checkpointDirectory)) {
            if (Checkpoints.epochOf(file) > epochsCompleted) {
                continue;
            }
            kept++;
            if (kept > checkpointKeepLast) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Restores the newest readable checkpoint of the resume directory into the model, the
     * optimizer and {@code run}, and returns the index of the next epoch. A checkpoint that
     * cannot be read is reported as a warning and the next older one is tried.
     */
    private int resume(Run run, Dataset train) {
        List<Path> files;
        try {
            files = Checkpoints.list(resumeDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer: cannot list the resume directory " + resumeDirectory, e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("Trainer: the resume directory " + resumeDirectory + " has no"
                    + " checkpoint-epoch-NNNNNN.safetensors file, so there is nothing to resume;"
                    + " remove resumeFrom to start from the model's current weights");
        }
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            try {
                TrainingState state = Checkpoints.read(file, model, optimizer);
                apply(state, run, file);
                if (state.trainSize() != train.size() || state.batchSize() != batchSize) {
                    warn("checkpoint " + file + " was saved with " + state.trainSize() + " training samples and batch size "
                            + state.batchSize() + ", but this run has " + train.size() + " and " + batchSize
                            + "; the resumed run will not match an uninterrupted one");
                }
                return state.epochsCompleted();
            } catch (ModelFileException e) {
                failures.add(e.getMessage());
                warnAndLog("cannot resume from checkpoint " + file + ": " + e.problem() + "; trying an older checkpoint");
            } catch (IOException e) {
                failures.add(file + ": " + e);
                warnAndLog("cannot read checkpoint " + file + ": " + e + "; trying an older checkpoint");
            }
        }
        throw new IllegalStateException("Trainer: none of the " + files.size() + " checkpoints in " + resumeDirectory
                + " can be loaded, so the run was not resumed and the model is unchanged: " + String.join("; ", failures));
    }

    /** Copies a checked checkpoint into the model, the optimizer and the run. */
    private void apply(TrainingState state, Run run, Path file) throws ModelFileException {
        try {
            run.best.restore(state.bestEpoch(), state.bestLoss(), state.epochsWithoutImprovement(), state.bestWeights());
            optimizer.loadState(state.optimizer());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "does not fit this run: " + e.getMessage(), e);
        }
        ModelFiles.copyInto(model, state.model());
        Map<String, Rng> generators = model.namedGenerators();
        for (Map.Entry<String, long[]> entry : state.generators().entrySet()) {
            generators.get(entry.getKey()).restoreState(entry.getValue());
        }
        optimizer.setLearningRate(state.learningRate());
        run.shuffleRng.restoreState(state.shuffleRng());
        run.step = state.step();
        run.completedSteps = state.completedSteps();
        run.skippedSteps = state.skippedSteps();
        run.history.addAll(state.history());
    }

    private void warnAndLog(String message) {
        LOG.warn("{}", message);
        warn(message);
    }

    /**
     * Trains on one batch and returns its objective, or NaN if the batch was skipped.
     *
     * @throws NonFiniteValueException under {@link NonFinitePolicy#FAIL} for a non-finite loss or gradient norm
     */
    private double trainBatch(int epoch, Batch batch, Map<String, Tensor> parameters, Run run) {
        long stepStart = System.nanoTime();
        if (schedule != null && scheduleUnit == ScheduleUnit.STEP) {
            optimizer.setLearningRate(schedule.lr(run.completedSteps));
        }
        model.zeroGrad();
        optimizer.zeroGrad();

        Tensor objective = loss.compute(model.forward(batch.inputs()), batch.targets());
        for (Regularized regularized : regularizedLayers) {
            objective = objective.add(regularized.regularization());
        }
        double lossValue = objective.item();
        if (!Double.isFinite(lossValue)) {
            handleNonFinite(epoch, run, "loss", lossValue);
            return Double.NaN;
        }

        objective.backward();
        double gradNorm = GradientClipping.globalNorm(parameters);
        if (!Double.isFinite(gradNorm)) {
            model.zeroGrad();
            handleNonFinite(epoch, run, "gradient norm", gradNorm);
            return Double.NaN;
        }
        if (clipNorm > 0) {
            GradientClipping.scaleGradients(parameters, gradNorm, clipNorm);
        }
        optimizer.step();
        run.completedSteps++;

        StepMetrics metrics = new StepMetrics(epoch, run.step, lossValue, optimizer.learningRate(), gradNorm,
                (System.nanoTime() - stepStart) / 1e6);
        for (TrainingListener listener : listeners) {
            listener.onStep(metrics);
        }
        return lossValue;
    }

    private void handleNonFinite(int epoch, Run run, String quantity, double value) {
        if (nonFinitePolicy == NonFinitePolicy.FAIL) {
            throw new NonFiniteValueException("Trainer: the " + quantity + " is " + value + " at epoch " + epoch + ", step "
                    + run.step + " (the weights are those before this batch). Check the inputs and targets for"
                    + " extreme values, lower the learning rate, set a clip norm, or choose NonFinitePolicy.SKIP_STEP",
                    epoch, run.step, quantity, value);
        }
        run.skippedSteps++;
        SkippedStep skipped = new SkippedStep(epoch, run.step, quantity, value);
        for (TrainingListener listener : listeners) {
            listener.onSkippedStep(skipped);
        }
    }

    private record ValidationResult(double loss, Evaluation evaluation) {
    }

    /** Evaluates the validation set in evaluation mode without gradients, then restores training mode. */
    private ValidationResult validate() {
        model.setTraining(false);
        double lossSum = 0;
        MetricAccumulator accumulator = new MetricAccumulator();
        try (Autograd.Scope scope = Autograd.noGrad()) {
            for (int start = 0; start < validation.size(); start += batchSize) {
                Batch batch = validation.range(start, Math.min(start + batchSize, validation.size()));
                Tensor prediction = model.forward(batch.inputs());
                lossSum += loss.compute(prediction, batch.targets()).item() * batch.size();
                if (validationMetric != null) {
                    accumulator.add(prediction, batch.targets());
                }
            }
        } finally {
            model.setTraining(true);
        }
        return new ValidationResult(lossSum / validation.size(), accumulator.result());
    }

    private void warn(String message) {
        for (TrainingListener listener : listeners) {
            listener.onWarning(message);
        }
    }

    private void requireCompatibleValidation(Dataset train) {
        if (validation == null) {
            return;
        }
        if (!Arrays.equals(validation.sampleShape(), train.sampleShape())
                || !Arrays.equals(validation.targetShape(), train.targetShape())) {
            throw new IllegalArgumentException("Trainer: validation samples have input shape "
                    + Arrays.toString(validation.sampleShape()) + " and target shape "
                    + Arrays.toString(validation.targetShape()) + " but training samples have "
                    + Arrays.toString(train.sampleShape()) + " and " + Arrays.toString(train.targetShape())
                    + ". Both sets must come from the same preprocessing");
        }
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Returns the model and every nested layer that implements {@link Regularized}, depth first. */
    static List<Regularized> regularizedLayers(Layer root) {
        List<Regularized> found = new ArrayList<>();
        ArrayDeque<Layer> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Layer layer = pending.pop();
            if (layer instanceof Regularized regularized) {
                found.add(regularized);
            }
            if (layer instanceof AbstractLayer parent) {
                List<Layer> children = new ArrayList<>(parent.children().values());
                for (int i = children.size() - 1; i >= 0; i--) {
                    pending.push(children.get(i));
                }
            }
        }
        return found;
    }

    /**
     * Configures a {@link Trainer}. Defaults: 10 epochs, batch size 32, shuffling on with seed 0,
     * no clipping, {@link NonFinitePolicy#FAIL}, no schedule (the optimizer's learning rate stays
     * as it is), no validation set, no early stopping, final weights kept.
     */
    public static final class Builder {
        private final Layer model;
        private final Loss loss;
        private final Optimizer optimizer;
        private int epochs = 10;
        private int batchSize = 32;
        private boolean shuffle = true;
        private long seed;
        private double clipNorm;
        private NonFinitePolicy nonFinitePolicy = NonFinitePolicy.FAIL;
        private LearningRateSchedule schedule;
        private ScheduleUnit scheduleUnit = ScheduleUnit.STEP;
        private Dataset validation;
        private Metric validationMetric;
        private int patience = -1;
        private double minDelta;
        private boolean restoreBestWeights;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Path checkpointDirectory;
        private int checkpointEvery;
        private int checkpointKeepLast;
        private Path resumeDirectory;
        private ProductPrecision productPrecision;

        private Builder(Layer model, Loss loss, Optimizer optimizer) {
            this.model = Objects.requireNonNull(model, "Trainer: model is null");
            this.loss = Objects.requireNonNull(loss, "Trainer: loss is null");
            this.optimizer = Objects.requireNonNull(optimizer, "Trainer: optimizer is null");
        }

        /**
         * Sets the maximum number of epochs (passes over the training set).
         *
         * @throws IllegalArgumentException if {@code epochs} is not positive
         */
        public Builder epochs(int epochs) {
            Shapes.requirePositive("Trainer epochs", epochs);
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the samples per batch. The last batch of an epoch contains the remainder.
         *
         * @throws IllegalArgumentException if {@code batchSize} is not positive
         */
        public Builder batchSize(int batchSize) {
            Shapes.requirePositive("Trainer batchSize", batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Turns shuffling on or off. Without it every epoch visits the samples in dataset order. */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * Sets the seed of the shuffle stream. The model's initialisation and dropout use the
         * generators given to the model, not this seed.
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Clips the global gradient norm to {@code maxNorm} before every step (see
         * {@link GradientClipping}).
         *
         * @throws IllegalArgumentException if {@code maxNorm} is not a finite number greater than 0
         */
        public Builder clipNorm(double maxNorm) {
            this.clipNorm = GradientClipping.requireValidMaxNorm(maxNorm);
            return this;
        }

        /** Sets what happens when a loss or gradient norm is NaN or infinite. */
        public Builder nonFinitePolicy(NonFinitePolicy policy) {
            this.nonFinitePolicy = Objects.requireNonNull(policy, "Trainer: nonFinitePolicy is null");
            return this;
        }

        /**
         * Sets the learning-rate schedule and how often it advances. It overrides the optimizer's
         * learning rate before every step ({@link ScheduleUnit#STEP}) or every epoch
         * ({@link ScheduleUnit#EPOCH}).
         */
        public Builder schedule(LearningRateSchedule schedule, ScheduleUnit unit) {
            this.schedule = Objects.requireNonNull(schedule, "Trainer: schedule is null");
            this.scheduleUnit = Objects.requireNonNull(unit, "Trainer: schedule unit is null");
            return this;
        }

        /** Sets a validation set, evaluated after every epoch with the training loss function. */
        public Builder validation(Dataset validation) {
            this.validation = Objects.requireNonNull(validation, "Trainer: validation dataset is null");
            return this;
        }

        /** Sets the metric reported for the validation set in {@link EpochMetrics#validationMetric()}. */
        public Builder validationMetric(Metric metric) {
            this.validationMetric = Objects.requireNonNull(metric, "Trainer: validation metric is null");
            return this;
        }

        /**
         * Stops training after {@code patience} consecutive epochs in which the monitored loss did
         * not improve on the best so far by more than {@code minDelta} (Keras' rule). The monitored loss is the validation loss, or
         * the train loss without a validation set.
         *
         * @param patience epochs without improvement before stopping, at least 0; 0 stops at the
         *     first epoch without improvement
         * @param minDelta the minimum decrease that counts as an improvement, finite and at least 0
         * @throws IllegalArgumentException if {@code patience} is negative or {@code minDelta} is
         *     negative or not finite
         */
        public Builder earlyStopping(int patience, double minDelta) {
            if (patience < 0) {
                throw new IllegalArgumentException("Trainer: early-stopping patience = " + patience + " must be >= 0");
            }
            if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
                throw new IllegalArgumentException("Trainer: early-stopping minDelta = " + minDelta
                        + " must be finite and >= 0");
            }
            this.patience = patience;
            this.minDelta = minDelta;
            return this;
        }

        /**
         * Copies the parameters and buffers of the best epoch back into the model when training
         * ends (after early stopping or the last epoch).
         */
        public Builder restoreBestWeights(boolean restore) {
            this.restoreBestWeights = restore;
            return this;
        }

        /**
         * Saves checkpoints into {@code directory} (created if missing): the periodic file
         * {@code checkpoint-epoch-NNNNNN.safetensors} after every {@code everyEpochs} epochs,
         * keeping the newest {@code keepLast} of them, and {@value Checkpoints#BEST_FILE} after each
         * epoch that improves the monitored loss. Each write is atomic, so a crash leaves the
         * previous file intact.
         *
         * @param everyEpochs epochs between periodic checkpoints, at least 1
         * @param keepLast periodic checkpoints kept, at least 1; older ones are deleted
         * @throws IllegalArgumentException if {@code everyEpochs} or {@code keepLast} is below 1
         */
        public Builder checkpoints(Path directory, int everyEpochs, int keepLast) {
            Objects.requireNonNull(directory, "Trainer: checkpoint directory is null");
            Shapes.requirePositive("Trainer checkpoint everyEpochs", everyEpochs);
            Shapes.requirePositive("Trainer checkpoint keepLast", keepLast);
            this.checkpointDirectory = directory;
            this.checkpointEvery = everyEpochs;
            this.checkpointKeepLast = keepLast;
            return this;
        }

        /**
         * Makes {@link Trainer#fit} continue from the newest periodic checkpoint in
         * {@code directory} that loads: the model weights and buffers, the optimizer state and
         * learning rate, the shuffle stream, the model's dropout generators, the best-epoch
         * tracking and the history are restored, and training continues with the next epoch up to
         * {@link #epochs(int)} in total. A checkpoint that cannot be loaded (truncated, corrupt, or
         * saved for another model) is reported through {@link TrainingListener#onWarning} and
         * logged at WARN, and the next older one is tried. The model, optimizer and trainer
         * settings must be the same as in the saved run.
         */
        public Builder resumeFrom(Path directory) {
            this.resumeDirectory = Objects.requireNonNull(directory, "Trainer: resume directory is null");
            return this;
        }

        /**
         * Sets the arithmetic of matrix products during {@link #fit}: training steps, validation
         * and checkpoints. Without this call {@code fit} keeps the calling thread's
         * {@link ProductPrecision}, which is {@link ProductPrecision#FLOAT64} unless the system
         * property {@value ProductPrecision#PROPERTY} or a scope sets another.
         *
         * @throws NullPointerException if {@code precision} is null
         */
        public Builder productPrecision(ProductPrecision precision) {
            this.productPrecision = Objects.requireNonNull(precision, "Trainer: productPrecision is null");
            return this;
        }

        /** Adds a listener. Listeners are called in the order added. */
        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "Trainer: listener is null"));
            return this;
        }

        /**
         * Builds the trainer.
         *
         * @throws IllegalArgumentException if the optimizer updates a tensor that is not one of
         *     the model's parameters (an optimizer built for another model instance)
         */
        public Trainer build() {
            Map<Tensor, Boolean> modelParameters = new IdentityHashMap<>();
            for (Tensor parameter : model.namedParameters().values()) {
                modelParameters.put(parameter, Boolean.TRUE);
            }
            for (Map.Entry<String, Tensor> entry : optimizer.parameters().entrySet()) {
                if (!modelParameters.containsKey(entry.getValue())) {
                    throw new IllegalArgumentException("Trainer: the optimizer's parameter '" + entry.getKey()
                            + "' is not a parameter of the model. Build the optimizer from this model's namedParameters()");
                }
            }
            return new Trainer(this);
        }
    }
}
