package dev.enn.testing;

import static dev.enn.testing.TestTensors.assertBitIdentical;
import static dev.enn.testing.TestTensors.assertShape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.Layer;
import dev.enn.tensor.Autograd;
import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Contract every {@link Layer} must meet. A test class in any module extends this class, builds
 * the layer from a seeded generator and supplies sample inputs; the inherited tests then check:
 *
 * <ul>
 *   <li>the output shape;
 *   <li>autograd against central finite differences over the input and every parameter, in
 *       double precision;
 *   <li>bit-identical outputs and parameters from two layers built with the same seed;
 *   <li>that forward leaves its input unchanged;
 *   <li>parameter names: non-empty, no empty dot-separated segment, one tensor per name, the same
 *       names in the same order on every call and for every seed;
 *   <li>that an evaluation-mode forward inside {@link Autograd#noGrad()} gives the same bits as
 *       one outside it and records no graph;
 *   <li>that {@value #THREADS} threads running evaluation-mode forward passes at once get the
 *       same bits as a single thread, and leave every parameter and buffer unchanged.
 * </ul>
 *
 * <p>Layers with state carried across calls override {@link #forward(Layer, Tensor)} to reset it,
 * and layers that draw randomness in training mode (dropout) override
 * {@link #checkInTrainingMode()}.
 */
public abstract class LayerContractTest {
    /** Default tolerance of the gradient check, relative above magnitude 1. */
    public static final double GRADIENT_TOLERANCE = 1e-6;
    /** Number of threads in the concurrent-inference check. */
    public static final int THREADS = 8;
    /** Forward passes per thread in the concurrent-inference check. */
    public static final int CALLS_PER_THREAD = 50;

    private static final long LAYER_SEED = 20240611L;
    private static final long INPUT_SEED = 7L;
    private static final long OTHER_INPUT_SEED = 8L;

    /**
     * Builds the layer under test, drawing every random initial value from {@code rng}. Two calls
     * with generators of the same seed must give layers with identical parameters.
     */
    protected abstract Layer createLayer(Rng rng);

    /** Returns a new sample input drawn from {@code rng}, away from the layer's kinks. */
    protected abstract Tensor createInput(Rng rng);

    /** Returns the output shape the layer must produce for an input of {@code inputShape}. */
    protected abstract int[] expectedOutputShape(int[] inputShape);

    /** Runs one forward pass. Override to reset state that the layer carries across calls. */
    protected Tensor forward(Layer layer, Tensor input) {
        return layer.forward(input);
    }

    /**
     * Returns whether the shape and gradient checks run in training mode. Override with
     * {@code false} for layers whose training forward is random (dropout).
     */
    protected boolean checkInTrainingMode() {
        return true;
    }

    /** Returns whether the input is differentiable and its gradient is checked. */
    protected boolean inputIsDifferentiable() {
        return true;
    }

    /** Returns the tolerance of the gradient check; override only with a stated reason. */
    protected double gradientTolerance() {
        return GRADIENT_TOLERANCE;
    }

    private Layer newLayer(long seed) {
        Layer layer = createLayer(new Rng(seed));
        layer.setTraining(checkInTrainingMode());
        return layer;
    }

    private Tensor newInput(long seed) {
        return createInput(new Rng(seed));
    }

    @Test
    void outputHasExpectedShape() {
        Layer layer = newLayer(LAYER_SEED);
        Tensor input = newInput(INPUT_SEED);

        Tensor output = forward(layer, input);

        assertShape(expectedOutputShape(input.shape()), output);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Layer layer = newLayer(LAYER_SEED);
        Tensor input = newInput(INPUT_SEED);
        List<Tensor> checked = new ArrayList<>();
        if (inputIsDifferentiable()) {
            checked.add(input.requireGrad(true));
        }
        checked.addAll(layer.namedParameters().values());
        Tensor fixedInput = input;

        GradientCheck.assertGradients(in -> forward(layer, fixedInput), gradientTolerance(),
                checked.toArray(new Tensor[0]));
    }

    @Test
    void sameSeedGivesBitIdenticalLayers() {
        Layer first = newLayer(LAYER_SEED);
        Layer second = newLayer(LAYER_SEED);
        Map<String, Tensor> firstParameters = first.namedParameters();
        Map<String, Tensor> secondParameters = second.namedParameters();

        assertEquals(List.copyOf(firstParameters.keySet()), List.copyOf(secondParameters.keySet()));
        for (String name : firstParameters.keySet()) {
            assertBitIdentical(firstParameters.get(name), secondParameters.get(name));
        }
        assertBitIdentical(forward(first, newInput(INPUT_SEED)), forward(second, newInput(INPUT_SEED)));
    }

    @Test
    void forwardLeavesInputUnchanged() {
        Layer layer = newLayer(LAYER_SEED);
        Tensor input = newInput(INPUT_SEED);
        Tensor before = input.copy();

        forward(layer, input);

        assertBitIdentical(before, input);
    }

    @Test
    void parameterNamesAreWellFormedAndStable() {
        Layer layer = newLayer(LAYER_SEED);
        Map<String, Tensor> parameters = layer.namedParameters();
        Map<Tensor, String> owners = new IdentityHashMap<>();

        for (Map.Entry<String, Tensor> entry : parameters.entrySet()) {
            String name = entry.getKey();
            assertFalse(name == null || name.isEmpty(), "a parameter has an empty name");
            for (String segment : name.split("\\.", -1)) {
                assertFalse(segment.isEmpty(), "parameter name '" + name + "' has an empty segment");
            }
            String previous = owners.put(entry.getValue(), name);
            assertNull(previous, "one tensor is registered as both '" + previous + "' and '" + name + "'");
            assertTrue(entry.getValue().requiresGrad(), "parameter '" + name + "' does not require a gradient");
        }
        assertEquals(List.copyOf(parameters.keySet()), List.copyOf(layer.namedParameters().keySet()),
                "names change between calls");
        assertEquals(List.copyOf(parameters.keySet()), List.copyOf(newLayer(LAYER_SEED + 1).namedParameters().keySet()),
                "names depend on the seed");
        assertEquals(parameters.size(), layer.parameters().size());
    }

    @Test
    void evalForwardInNoGrad() {
        Layer layer = newLayer(LAYER_SEED);
        layer.setTraining(false);
        Tensor input = newInput(INPUT_SEED);
        if (inputIsDifferentiable()) {
            input.requireGrad(true);
        }

        Tensor recorded = forward(layer, input);
        Tensor unrecorded;
        try (Autograd.Scope scope = Autograd.noGrad()) {
            unrecorded = forward(layer, input);
        }

        assertBitIdentical(recorded, unrecorded);
        assertFalse(unrecorded.hasGraph(), "output inside noGrad recorded a graph node");
        if (unrecorded != input) {
            // an identity layer may return its input, which is a leaf that requires a gradient
            assertFalse(unrecorded.requiresGrad(), "output inside noGrad requires a gradient");
        }
    }

    @Test
    void concurrentEvalForwardMatchesSingleThread() throws Exception {
        Layer layer = newLayer(LAYER_SEED);
        layer.setTraining(false);
        Tensor inputA = newInput(INPUT_SEED);
        Tensor inputB = newInput(OTHER_INPUT_SEED);
        Map<String, Tensor> stateBefore = copyState(layer);
        Tensor expectedA;
        Tensor expectedB;
        try (Autograd.Scope scope = Autograd.noGrad()) {
            expectedA = forward(layer, inputA).copy();
            expectedB = forward(layer, inputB).copy();
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Tensor>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<Tensor> outputs = new ArrayList<>();
                    try (Autograd.Scope scope = Autograd.noGrad()) {
                        for (int call = 0; call < CALLS_PER_THREAD; call++) {
                            outputs.add(forward(layer, call % 2 == 0 ? inputA : inputB));
                        }
                    }
                    return outputs;
                }));
            }
            start.countDown();
            for (Future<List<Tensor>> result : results) {
                List<Tensor> outputs = result.get();
                for (int call = 0; call < outputs.size(); call++) {
                    assertBitIdentical(call % 2 == 0 ? expectedA : expectedB, outputs.get(call));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Tensor> stateAfter = copyState(layer);
        assertEquals(stateBefore.keySet(), stateAfter.keySet());
        for (String name : stateBefore.keySet()) {
            assertBitIdentical(stateBefore.get(name), stateAfter.get(name));
        }
    }

    /** Copies every parameter and buffer, keyed by name with a kind prefix. */
    private static Map<String, Tensor> copyState(Layer layer) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        layer.namedParameters().forEach((name, value) -> state.put("parameter " + name, value.copy()));
        layer.namedBuffers().forEach((name, value) -> state.put("buffer " + name, value.copy()));
        return state;
    }
}
