package dev.enn.baselines;

import dev.enn.layer.Activation;
import dev.enn.layer.Dropout;
import dev.enn.layer.Linear;
import dev.enn.layer.Sequential;
import dev.enn.tensor.Rng;

/** The regression head shared by the LSTM and CNN baselines. */
final class Heads {
    private Heads() {
    }

    /**
     * Returns {@code Linear(h → h/2) → ReLU → Dropout → Linear(h/2 → outputs)}, with children
     * named {@code 0} to {@code 3}.
     */
    static Sequential halfWidthHead(int hidden, int outputs, double dropout, Rng initRng, Rng dropoutRng) {
        int half = hidden / 2;
        return new Sequential(
                new Linear(hidden, half, initRng.fork("0")),
                new Activation(Activation.Kind.RELU),
                new Dropout(dropout, dropoutRng.fork("2")),
                new Linear(half, outputs, initRng.fork("3")));
    }
}
