package dev.enn.model;

import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Linear;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;

/**
 * The autoencoder of the ENN memory's state collapse: {@code x ↦ ReLU(decoder(ReLU(encoder(x))))}
 * over the last axis, {@code [..., S] → [..., S]}, with {@code encoder} a Linear S → c and
 * {@code decoder} a Linear c → S (PyTorch's default initialisation). Its parameters are
 * {@code encoder.weight [c, S]}, {@code encoder.bias [c]}, {@code decoder.weight [S, c]} and
 * {@code decoder.bias [S]}. In the reference model it works only on the memory, so it never
 * influences the output and never gets a gradient.
 */
public final class StateAutoencoder extends AbstractLayer {
    private final Linear encoder;
    private final Linear decoder;

    /**
     * Creates the autoencoder; the encoder and decoder draw from the {@code "encoder"} and
     * {@code "decoder"} forks of {@code rng}.
     *
     * @param numStates S, the input and output width; at least 1
     * @param compressedDim c, the bottleneck width; at least 1
     * @throws IllegalArgumentException if a width is less than 1
     */
    public StateAutoencoder(int numStates, int compressedDim, Rng rng) {
        this.encoder = registerChild("encoder", new Linear(numStates, compressedDim, rng.fork("encoder")));
        this.decoder = registerChild("decoder", new Linear(compressedDim, numStates, rng.fork("decoder")));
    }

    /**
     * Encodes and decodes.
     *
     * @param input {@code [..., S]}
     * @return {@code [..., S]}, every entry ≥ 0
     * @throws IllegalArgumentException if the last axis is not S
     */
    @Override
    public Tensor forward(Tensor input) {
        return decoder.forward(encoder.forward(input).relu()).relu();
    }

    /** Returns the encoder, S → c. */
    public Linear encoder() {
        return encoder;
    }

    /** Returns the decoder, c → S. */
    public Linear decoder() {
        return decoder;
    }
}
