package dev.enn.examples;

import dev.enn.data.Dataset;
import dev.enn.loss.MseLoss;
import dev.enn.model.EnnModel;
import dev.enn.model.InputFormat;
import dev.enn.model.TaskHead;
import dev.enn.optim.AdamW;
import dev.enn.tensor.Autograd;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.train.Trainer;
import dev.enn.train.TrainingHistory;

/**
 * The code of the README's first example, verbatim between the markers. A test checks that the
 * README and this file agree and that the example trains.
 */
public final class ReadmeExample {
    private ReadmeExample() {
    }

    /** Result of the example: the training history and a few predictions. */
    record Outcome(TrainingHistory history, Tensor prediction) {
    }

    static Outcome run() {
        // README example begins
        Rng rng = new Rng(7);
        Tensor x = Tensor.randn(rng, 512, 10, 3);         // 512 sequences of 10 steps with 3 features
        Tensor y = x.select(1, 9).sum(1, true);           // target [512, 1]: sum of the last step's features
        Dataset data = new Dataset(x, y);

        EnnModel model = EnnModel.builder()
                .inputFeatures(3).numNeurons(12).numStates(4)
                .inputFormat(InputFormat.SEQUENCE)        // x is [batch, time, features]
                .head(TaskHead.linear(1))                 // one output per sample
                .seed(42)
                .build();

        TrainingHistory history = Trainer.builder(model, new MseLoss(), new AdamW(model.namedParameters(), 1e-2))
                .epochs(40).batchSize(32).seed(42)
                .build()
                .fit(data);

        model.setTraining(false);
        Tensor prediction;
        try (Autograd.Scope noGrad = Autograd.noGrad()) {
            prediction = model.forward(x.slice(0, 0, 4));  // [4, 1]
        }
        // README example ends
        return new Outcome(history, prediction);
    }

    /** Runs the example and prints the final training loss and four predictions. */
    public static void main(String[] args) {
        Outcome outcome = run();
        double[] losses = outcome.history().trainLosses();
        System.out.printf("final training MSE %.6f%n", losses[losses.length - 1]);
        System.out.println("predictions " + outcome.prediction());
    }
}
