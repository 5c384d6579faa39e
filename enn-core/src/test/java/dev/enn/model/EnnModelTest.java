package dev.enn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.Layer;
import dev.enn.layer.Linear;
import dev.enn.tensor.Autograd;
import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EnnModelTest {
    private static final double GRADIENT_TOLERANCE = 1e-6;
    /** Two computations of the same float64 expression in a different order. */
    private static final double ROUNDING_TOLERANCE = 1e-12;

    private static final List<String> ORIGINAL_PARAMETER_NAMES = List.of("entanglement", "mixing", "readout.weight",
            "input_projection.weight", "input_projection.bias", "autoencoder.encoder.weight",
            "autoencoder.encoder.bias", "autoencoder.decoder.weight", "autoencoder.decoder.bias");

    // ---------------------------------------------------------------- shared layer contract

    @Nested
    class SequenceContract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return smallBuilder(InputFormat.SEQUENCE, TaskHead.none()).seed(rng.nextLong()).build();
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 3, 2);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], 4, 3};
        }
    }

    @Nested
    class VectorLinearHeadContract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return smallBuilder(InputFormat.VECTOR, TaskHead.linear(2)).seed(rng.nextLong()).build();
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 3, 2);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], 2};
        }
    }

    @Nested
    class DirectMeanHeadContract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return smallBuilder(InputFormat.DIRECT, TaskHead.mean()).seed(rng.nextLong()).build();
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 4, 3);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], 1};
        }
    }

    // ---------------------------------------------------------------- parameters

    @Test
    void parameterNamesFollowOriginalStateDict() {
        EnnModel model = EnnModel.builder().build();

        assertEquals(ORIGINAL_PARAMETER_NAMES, List.copyOf(model.namedParameters().keySet()));
        Map<String, Tensor> p = model.namedParameters();
        assertArrayEquals(new int[] {10, 5}, p.get("entanglement").shape());
        assertArrayEquals(new int[] {10, 10}, p.get("mixing").shape());
        assertArrayEquals(new int[] {5, 5}, p.get("readout.weight").shape());
        assertArrayEquals(new int[] {50, 5}, p.get("input_projection.weight").shape());
        assertArrayEquals(new int[] {50}, p.get("input_projection.bias").shape());
        assertArrayEquals(new int[] {3, 5}, p.get("autoencoder.encoder.weight").shape());
        assertArrayEquals(new int[] {3}, p.get("autoencoder.encoder.bias").shape());
        assertArrayEquals(new int[] {5, 3}, p.get("autoencoder.decoder.weight").shape());
        assertArrayEquals(new int[] {5}, p.get("autoencoder.decoder.bias").shape());
    }

    @Test
    void parameterCountIs431ForReadmeConfig() {
        EnnModel model = readmeModel(InputFormat.SEQUENCE);

        assertEquals(431, model.parameterCount());
        assertEquals(400, model.reachableParameterCount());
        assertEquals(ORIGINAL_PARAMETER_NAMES.subList(0, 5), List.copyOf(model.reachableParameters().keySet()));
    }

    @Test
    void parameterCountIs513ForDefaults() {
        EnnModel model = EnnModel.builder().build();

        assertEquals(513, model.parameterCount());
        // the autoencoder's (5+1)·3 + (3+1)·5 = 38 parameters cannot reach the output
        assertEquals(475, model.reachableParameterCount());
    }

    @Test
    void directFormatCannotReachInputProjection() {
        EnnModel model = readmeModel(InputFormat.DIRECT);

        assertEquals(431, model.parameterCount());
        assertEquals(208, model.reachableParameterCount());
        assertEquals(List.of("entanglement", "mixing", "readout.weight"), List.copyOf(model.reachableParameters().keySet()));
        assertEquals(400, readmeModel(InputFormat.VECTOR).reachableParameterCount());
    }

    @Test
    void linearHeadAddsWeightAndBias() {
        EnnModel model = readmeBuilder(InputFormat.SEQUENCE).head(TaskHead.linear(2)).build();

        List<String> names = List.copyOf(model.namedParameters().keySet());
        assertEquals(List.of("head.weight", "head.bias"), names.subList(names.size() - 2, names.size()));
        assertArrayEquals(new int[] {2, 48}, model.namedParameters().get("head.weight").shape());
        assertEquals(431 + 48 * 2 + 2, model.parameterCount());
        assertEquals(400 + 48 * 2 + 2, model.reachableParameterCount());
        assertEquals(431, readmeBuilder(InputFormat.SEQUENCE).head(TaskHead.mean()).build().parameterCount());
    }

    @Test
    void initialisationFollowsOriginal() {
        EnnModel model = EnnModel.builder().numNeurons(6).numStates(4).inputFeatures(9).compressedDim(2).seed(5).build();
        Map<String, Tensor> p = model.namedParameters();

        double[] mixing = p.get("mixing").dataView();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(i == j ? 1.0 : 0.0, mixing[i * 6 + j], "mixing[" + i + ", " + j + "]");
            }
        }
        assertWithin(p.get("readout.weight"), 1 / Math.sqrt(4));
        assertWithin(p.get("input_projection.weight"), 1 / Math.sqrt(9));
        assertWithin(p.get("input_projection.bias"), 1 / Math.sqrt(9));
        assertWithin(p.get("autoencoder.encoder.weight"), 1 / Math.sqrt(4));
        assertWithin(p.get("autoencoder.decoder.weight"), 1 / Math.sqrt(2));
        double[] entanglement = p.get("entanglement").dataView();
        double max = 0;
        for (double v : entanglement) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 1 / Math.sqrt(4), "entanglement should be standard normal, not a small uniform: max |E| = " + max);
    }

    @Test
    void sameSeedGivesSameBits() {
        EnnModel first = EnnModel.builder().seed(11).head(TaskHead.linear(3)).build();
        EnnModel second = EnnModel.builder().seed(11).head(TaskHead.linear(3)).build();
        EnnModel other = EnnModel.builder().seed(12).head(TaskHead.linear(3)).build();

        for (String name : first.namedParameters().keySet()) {
            assertArrayEquals(first.namedParameters().get(name).dataView(), second.namedParameters().get(name).dataView(),
                    name);
        }
        assertFalse(java.util.Arrays.equals(first.namedParameters().get("entanglement").dataView(),
                other.namedParameters().get("entanglement").dataView()));
    }

    // ---------------------------------------------------------------- forward

    @Test
    void outputShapeFollowsFormatAndHead() {
        Rng rng = new Rng(1);
        assertArrayEquals(new int[] {2, 4, 3}, small(InputFormat.SEQUENCE, TaskHead.none()).forward(
                Tensor.randn(rng, 2, 5, 2)).shape());
        assertArrayEquals(new int[] {2, 4, 3}, small(InputFormat.VECTOR, TaskHead.none()).forward(
                Tensor.randn(rng, 2, 2)).shape());
        assertArrayEquals(new int[] {2, 4, 3}, small(InputFormat.DIRECT, TaskHead.none()).forward(
                Tensor.randn(rng, 2, 4, 3)).shape());
        assertArrayEquals(new int[] {2, 1}, small(InputFormat.SEQUENCE, TaskHead.mean()).forward(
                Tensor.randn(rng, 2, 5, 2)).shape());
        assertArrayEquals(new int[] {2, 7}, small(InputFormat.SEQUENCE, TaskHead.linear(7)).forward(
                Tensor.randn(rng, 2, 5, 2)).shape());
    }

    @Test
    void sequenceReadsOnlyLastStep() {
        EnnModel sequence = small(InputFormat.SEQUENCE, TaskHead.none());
        EnnModel vector = small(InputFormat.VECTOR, TaskHead.none());
        Tensor x = Tensor.randn(new Rng(2), 3, 5, 2);
        Tensor changedHistory = x.copy();
        for (int i = 0; i < 2 * 4; i++) {
            changedHistory.dataView()[i] += 10.0;
        }

        double[] output = sequence.forward(x).toArray();

        assertArrayEquals(output, sequence.forward(changedHistory).toArray());
        assertArrayEquals(output, vector.forward(x.select(1, 4)).toArray());
    }

    @Test
    void sequenceOfLengthNStaysSequence() {
        // the original routes [B, T, F] with T == N to the grid path; this model keeps reading it as a sequence
        EnnModel model = small(InputFormat.SEQUENCE, TaskHead.none());
        Tensor x = Tensor.randn(new Rng(3), 2, 4, 2);

        Tensor output = model.forward(x);

        assertArrayEquals(small(InputFormat.VECTOR, TaskHead.none()).forward(x.select(1, 3)).toArray(), output.toArray());
    }

    @ParameterizedTest
    @EnumSource(InputFormat.class)
    void outputMatchesClosedForm(InputFormat format) {
        EnnModel model = small(format, TaskHead.none());
        perturbMixing(model, new Rng(4));
        Tensor x = sampleInput(format, 3, new Rng(5));

        Tensor output = model.forward(x);

        double[] expected = closedForm(model, model.initialGrid(x).toArray(), 3);
        EnnReferenceParityTest.assertClose(Tensor.wrap(expected, 3, 4, 3), output, ROUNDING_TOLERANCE, format + " output");
    }

    @Test
    void meanHeadAveragesGrid() {
        EnnModel grid = small(InputFormat.SEQUENCE, TaskHead.none());
        EnnModel mean = small(InputFormat.SEQUENCE, TaskHead.mean());
        Tensor x = Tensor.randn(new Rng(6), 2, 3, 2);

        double[] y = grid.forward(x).toArray();
        double[] prediction = mean.forward(x).toArray();

        for (int b = 0; b < 2; b++) {
            double sum = 0;
            for (int i = 0; i < 12; i++) {
                sum += y[b * 12 + i];
            }
            assertEquals(sum / 12, prediction[b], ROUNDING_TOLERANCE, "sample " + b);
        }
    }

    @Test
    void linearHeadAppliesToFlattenedGrid() {
        EnnModel grid = small(InputFormat.SEQUENCE, TaskHead.none());
        EnnModel linear = small(InputFormat.SEQUENCE, TaskHead.linear(2));
        Tensor x = Tensor.randn(new Rng(7), 2, 3, 2);
        Tensor weight = linear.namedParameters().get("head.weight");
        Tensor bias = linear.namedParameters().get("head.bias");

        Tensor expected = grid.forward(x).reshape(2, 12).linear(weight, bias);

        EnnReferenceParityTest.assertClose(expected, linear.forward(x), ROUNDING_TOLERANCE, "linear head");
    }

    @Test
    void forwardLeavesInputUnchanged() {
        EnnModel model = small(InputFormat.DIRECT, TaskHead.mean());
        Tensor x = Tensor.randn(new Rng(8), 2, 4, 3);
        double[] before = x.toArray();

        model.forward(x, model.newMemory()).backward(Tensor.ones(2, 1));

        assertArrayEquals(before, x.dataView());
    }

    // ---------------------------------------------------------------- gradients

    @ParameterizedTest
    @EnumSource(InputFormat.class)
    void gradientsMatchFiniteDifferences(InputFormat format) {
        TaskHead head = switch (format) {
            case SEQUENCE -> TaskHead.none();
            case VECTOR -> TaskHead.linear(2);
            case DIRECT -> TaskHead.mean();
        };
        EnnModel model = small(format, head);
        perturbMixing(model, new Rng(9));
        Tensor x = sampleInput(format, 2, new Rng(10)).requireGrad(true);

        GradientCheck.assertGradients(in -> model.forward(in[0]), GRADIENT_TOLERANCE, inputsAndParameters(x, model));
    }

    @Test
    void regularizationIsL1OfEntanglementMask() {
        EnnModel model = small(InputFormat.SEQUENCE, TaskHead.none());
        Tensor entanglement = model.namedParameters().get("entanglement");
        double sum = 0;
        for (double e : entanglement.dataView()) {
            sum += 1 / (1 + Math.exp(-e));
        }

        assertEquals(model.config().l1Lambda() * sum / entanglement.size(), model.regularization().item(),
                ROUNDING_TOLERANCE);
        GradientCheck.assertGradients(in -> model.regularization().mul(1e4), GRADIENT_TOLERANCE, entanglement);
    }

    @Test
    void unusedParametersGetNoGradient() {
        EnnModel model = small(InputFormat.DIRECT, TaskHead.none());

        model.forward(Tensor.randn(new Rng(11), 2, 4, 3), model.newMemory()).sum().backward();

        Map<String, Tensor> p = model.namedParameters();
        for (String name : p.keySet()) {
            boolean reachable = model.reachableParameters().containsKey(name);
            assertEquals(reachable, p.get(name).gradView() != null, name + " gradient presence");
        }
    }

    // ---------------------------------------------------------------- memory side channel

    @Test
    void memoryForwardReturnsPureForwardOutput() {
        EnnModel model = small(InputFormat.SEQUENCE, TaskHead.linear(2));
        EnnMemory memory = model.newMemory();
        Rng rng = new Rng(12);

        for (int call = 0; call < 4; call++) {
            Tensor x = Tensor.randn(rng, 3, 2, 2);
            assertArrayEquals(model.forward(x).toArray(), model.forward(x, memory).toArray(), "call " + call);
        }
        assertEquals(3, memory.historyLength());
    }

    @Test
    void memoryUpdateMatchesHandComputation() {
        EnnModel model = EnnModel.builder().numNeurons(3).numStates(4).inputFeatures(2).numLayers(3).bufferSize(4)
                .lowPowerK(2).compressedDim(3).recencyFactor(0.8).inputFormat(InputFormat.VECTOR).seed(13).build();
        perturbMixing(model, new Rng(14));
        // a positive encoder bias keeps the bottleneck active, so the collapse is not just ReLU(decoder bias)
        java.util.Arrays.fill(model.namedParameters().get("autoencoder.encoder.bias").dataView(), 0.5);
        EnnMemory memory = model.newMemory();
        HandMemory expected = new HandMemory(model);
        Rng rng = new Rng(15);

        for (int call = 0; call < 3; call++) {
            Tensor x = Tensor.randn(rng, 2, 2);
            model.forward(x, memory);
            expected.update(closedFormLayers(model, model.initialGrid(x).toArray(), 2));

            EnnReferenceParityTest.assertClose(Tensor.wrap(expected.state.clone(), 3, 4), memory.neuronState(),
                    ROUNDING_TOLERANCE, "neuron state after call " + call);
            for (int n = 0; n < 3; n++) {
                EnnReferenceParityTest.assertClose(expected.history(n), memory.history(n), ROUNDING_TOLERANCE,
                        "buffer " + n + " after call " + call);
            }
        }
        assertEquals(4, memory.historyLength());
        assertTrue(expected.sawActiveBottleneck, "the test should exercise a non-zero autoencoder bottleneck");
    }

    @Test
    void memoryUpdateRecordsNoGradient() {
        EnnModel model = small(InputFormat.SEQUENCE, TaskHead.none());
        EnnMemory memory = model.newMemory();

        Tensor output = model.forward(Tensor.randn(new Rng(16), 2, 3, 2), memory);
        output.sum().backward();

        assertTrue(output.requiresGrad());
        assertNull(model.namedParameters().get("autoencoder.encoder.weight").gradView());
        assertNotNull(model.namedParameters().get("entanglement").gradView());
    }

    @Test
    void rejectsMemoryOfOtherSizes() {
        EnnModel model = small(InputFormat.SEQUENCE, TaskHead.none());
        Tensor x = Tensor.randn(new Rng(17), 2, 3, 2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.forward(x, new EnnMemory(4, 3, 7)));

        assertTrue(e.getMessage().contains("bufferSize = 7"), e.getMessage());
        assertTrue(e.getMessage().contains("newMemory()"), e.getMessage());
    }

    // ---------------------------------------------------------------- threads

    @Test
    void concurrentForwardMatchesSingleThread() throws Exception {
        EnnModel model = EnnModel.builder().numNeurons(12).numStates(4).inputFeatures(3).seed(18).build();
        model.setTraining(false);
        Tensor inputA = Tensor.full(0.1, 1, 5, 3);
        Tensor inputB = Tensor.full(-0.3, 1, 5, 3);
        double[] outputA = model.forward(inputA).toArray();
        double[] outputB = model.forward(inputB).toArray();
        Map<String, double[]> weightsBefore = snapshot(model);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Callable<Integer> task = () -> {
                    int mismatches = 0;
                    for (int call = 0; call < 500; call++) {
                        boolean useA = call % 2 == 0;
                        double[] out;
                        try (Autograd.Scope scope = Autograd.noGrad()) {
                            out = model.forward(useA ? inputA : inputB).toArray();
                        }
                        if (!java.util.Arrays.equals(out, useA ? outputA : outputB)) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                };
                results.add(pool.submit(task));
            }
            for (Future<Integer> result : results) {
                assertEquals(0, result.get());
            }
        } finally {
            pool.shutdown();
        }
        Map<String, double[]> weightsAfter = snapshot(model);
        for (String name : weightsBefore.keySet()) {
            assertArrayEquals(weightsBefore.get(name), weightsAfter.get(name), name);
        }
    }

    // ---------------------------------------------------------------- bad input, one test per path

    @Test
    void sequenceRejectsRank2Input() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> small(InputFormat.SEQUENCE, TaskHead.none()).forward(Tensor.zeros(2, 2)));
        assertMessage(e, "[2, 2]", "rank 2", "[B, T, F]", "InputFormat.VECTOR");
    }

    @Test
    void vectorRejectsRank3Input() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> small(InputFormat.VECTOR, TaskHead.none()).forward(Tensor.zeros(2, 3, 2)));
        assertMessage(e, "[2, 3, 2]", "rank 3", "[B, F]", "InputFormat.SEQUENCE");
    }

    @Test
    void directRejectsRank4Input() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> small(InputFormat.DIRECT, TaskHead.none()).forward(Tensor.zeros(1, 2, 4, 3)));
        assertMessage(e, "[1, 2, 4, 3]", "rank 4", "[B, N, S] = [B, 4, 3]");
    }

    @Test
    void sequenceRejectsWrongFeatureCount() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> small(InputFormat.SEQUENCE, TaskHead.none()).forward(Tensor.zeros(2, 3, 5)));
        assertMessage(e, "[2, 3, 5]", "has 5 features", "inputFeatures = 2", "batch-first [B, T, F]");
        assertArrayEquals(new int[] {2, 3, 2}, e.expected());
    }

    @Test
    void vectorRejectsWrongFeatureCount() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> small(InputFormat.VECTOR, TaskHead.none()).forward(Tensor.zeros(2, 3)));
        assertMessage(e, "[2, 3]", "has 3 features", "inputFeatures = 2", "batch-first [B, F]");
    }

    @Test
    void sequenceRejectsZeroTimeSteps() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> small(InputFormat.SEQUENCE, TaskHead.none()).forward(Tensor.zeros(2, 0, 2)));
        assertMessage(e, "[2, 0, 2]", "T = 0");
    }

    @ParameterizedTest
    @EnumSource(InputFormat.class)
    void rejectsEmptyBatch(InputFormat format) {
        int[] shape = switch (format) {
            case SEQUENCE -> new int[] {0, 3, 2};
            case VECTOR -> new int[] {0, 2};
            case DIRECT -> new int[] {0, 4, 3};
        };
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> small(format, TaskHead.none()).forward(Tensor.zeros(shape)));
        assertMessage(e, "B = 0", "at least one sample");
    }

    @Test
    void directRejectsWrongNeuronCount() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> small(InputFormat.DIRECT, TaskHead.none()).forward(Tensor.zeros(2, 5, 3)));
        assertMessage(e, "[2, 5, 3]", "5 neurons", "numNeurons = 4");
        assertArrayEquals(new int[] {2, 4, 3}, e.expected());
    }

    @Test
    void directRejectsWrongStateCount() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> small(InputFormat.DIRECT, TaskHead.none()).forward(Tensor.zeros(2, 4, 1)));
        assertMessage(e, "[2, 4, 1]", "1 states", "numStates = 3");
    }

    @Test
    void rejectsNaNNamingPosition() {
        Tensor x = Tensor.zeros(2, 3, 2);
        x.dataView()[1 * 6 + 2 * 2 + 1] = Double.NaN;

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> small(InputFormat.SEQUENCE, TaskHead.none()).forward(x));

        assertMessage(e, "NaN", "[1, 2, 1]", "[2, 3, 2]");
    }

    @Test
    void rejectsInfinityNamingPosition() {
        Tensor x = Tensor.zeros(2, 4, 3);
        x.dataView()[5] = Double.NEGATIVE_INFINITY;

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> small(InputFormat.DIRECT, TaskHead.none()).forward(x));

        assertMessage(e, "-Infinity", "[0, 1, 2]");
    }

    // ---------------------------------------------------------------- attention hook

    @Test
    void attentionWithoutArtifactNamesIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnnModel.builder().attention("minimal").build());

        assertMessage(e, "attention.enn.minimal", "dev.enn:enn-attention");
    }

    @Test
    void attentionModulesRegisterInOriginalOrder() {
        EnnModel model = attentionModel(new FakeAttention(3, new Rng(19)));

        assertEquals(List.of("entanglement", "mixing", "readout.weight", "input_projection.weight",
                        "input_projection.bias", "neuron_attention.weight", "neuron_attention.bias",
                        "temporal_attention.weight", "temporal_attention.bias", "sparse_attention.weight",
                        "sparse_attention.bias", "autoencoder.encoder.weight", "autoencoder.encoder.bias",
                        "autoencoder.decoder.weight", "autoencoder.decoder.bias", "attention_pooling.weight",
                        "attention_pooling.bias"),
                List.copyOf(model.namedParameters().keySet()));
        assertEquals(List.of("entanglement", "mixing", "readout.weight", "input_projection.weight",
                        "input_projection.bias", "neuron_attention.weight", "neuron_attention.bias",
                        "sparse_attention.weight", "sparse_attention.bias"),
                List.copyOf(model.reachableParameters().keySet()));
    }

    @Test
    void attentionModulesApplyOnOutputPath() {
        FakeAttention attention = new FakeAttention(3, new Rng(20));
        EnnModel model = attentionModel(attention);
        Tensor x = Tensor.randn(new Rng(21), 2, 3, 2);
        Map<String, Tensor> p = model.namedParameters();

        Tensor grid = model.initialGrid(x);
        Tensor gate = p.get("entanglement").sigmoid();
        Tensor mixingTransposed = p.get("mixing").transpose(0, 1);
        for (int layer = 0; layer < model.config().numLayers(); layer++) {
            grid = grid.add(attention.neuron.forward(grid).mul(0.5));
            grid = attention.sparse.forward(grid.mul(gate));
            grid = mixingTransposed.matmul(grid);
        }
        Tensor expected = grid.linear(p.get("readout.weight"), null);

        EnnReferenceParityTest.assertClose(expected, model.forward(x), ROUNDING_TOLERANCE, "output with attention");
    }

    @Test
    void attentionGradientsMatchFiniteDifferences() {
        EnnModel model = attentionModel(new FakeAttention(3, new Rng(22)));
        Tensor x = Tensor.randn(new Rng(23), 2, 3, 2).requireGrad(true);

        GradientCheck.assertGradients(in -> model.forward(in[0]), GRADIENT_TOLERANCE, inputsAndParameters(x, model));
    }

    @Test
    void temporalAttentionChangesOnlyMemory() {
        FakeAttention attention = new FakeAttention(3, new Rng(24));
        EnnModel withTemporal = attentionModel(attention);
        EnnModel withoutTemporal = new EnnModel(withTemporal.config(),
                new FakeAttention(attention.neuron, null, attention.sparse, attention.pooling));
        copyParameters(withTemporal, withoutTemporal);
        EnnMemory memoryWith = withTemporal.newMemory();
        EnnMemory memoryWithout = withoutTemporal.newMemory();
        Tensor x = Tensor.randn(new Rng(25), 2, 3, 2);

        double[] outputWith = withTemporal.forward(x, memoryWith).toArray();
        double[] outputWithout = withoutTemporal.forward(x, memoryWithout).toArray();

        assertArrayEquals(outputWithout, outputWith);
        assertArrayEquals(memoryWithout.histories().toArray(), memoryWith.histories().toArray());
        assertFalse(java.util.Arrays.equals(memoryWithout.neuronState().toArray(), memoryWith.neuronState().toArray()),
                "the temporal attention should change the neuron state");
    }

    @Test
    void rejectsAttentionLayerWithoutModulesInterface() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnnModel.attentionModulesOf("attention.enn.odd", new Linear(2, 2, new Rng(27))));

        assertMessage(e, "attention.enn.odd", "dev.enn.layer.Linear", "EnnAttentionModules");
    }

    @Test
    void rejectsAttentionParametersOutsideSubLayers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnnModel.attentionModulesOf("attention.enn.extra", new ContainerWithExtraParameter(new Rng(28))));

        assertMessage(e, "attention.enn.extra", "has 21 parameters", "sub-layers have 12");
    }

    // ---------------------------------------------------------------- helpers

    /** N=4, S=3, F=2, L=3: small enough for finite differences over every parameter. */
    private static EnnModel small(InputFormat format, TaskHead head) {
        return smallBuilder(format, head).seed(3).build();
    }

    private static EnnModel.Builder smallBuilder(InputFormat format, TaskHead head) {
        return EnnModel.builder().numNeurons(4).numStates(3).inputFeatures(2).numLayers(3).bufferSize(3).lowPowerK(2)
                .compressedDim(2).inputFormat(format).head(head);
    }

    private static EnnModel.Builder readmeBuilder(InputFormat format) {
        return EnnModel.builder().numNeurons(12).numStates(4).inputFeatures(3).inputFormat(format);
    }

    private static EnnModel readmeModel(InputFormat format) {
        return readmeBuilder(format).build();
    }

    private static EnnModel attentionModel(FakeAttention attention) {
        EnnConfig config = EnnModel.builder().numNeurons(4).numStates(3).inputFeatures(2).numLayers(2).bufferSize(3)
                .lowPowerK(2).compressedDim(2).seed(7).buildConfig();
        EnnModel model = new EnnModel(config, attention);
        perturbMixing(model, new Rng(26));
        return model;
    }

    private static Tensor sampleInput(InputFormat format, int batch, Rng rng) {
        return switch (format) {
            case SEQUENCE -> Tensor.randn(rng, batch, 3, 2);
            case VECTOR -> Tensor.randn(rng, batch, 2);
            case DIRECT -> Tensor.randn(rng, batch, 4, 3);
        };
    }

    /** Moves the mixing matrix away from the identity, so that neurons actually mix. */
    private static void perturbMixing(EnnModel model, Rng rng) {
        double[] mixing = model.namedParameters().get("mixing").dataView();
        for (int i = 0; i < mixing.length; i++) {
            mixing[i] += 0.3 * rng.nextGaussian();
        }
    }

    private static Tensor[] inputsAndParameters(Tensor input, Layer model) {
        List<Tensor> all = new ArrayList<>();
        all.add(input);
        all.addAll(model.parameters());
        return all.toArray(new Tensor[0]);
    }

    /** Copies every parameter of {@code to} from the parameter of the same name in {@code from}. */
    private static void copyParameters(EnnModel from, EnnModel to) {
        for (Map.Entry<String, Tensor> entry : to.namedParameters().entrySet()) {
            double[] target = entry.getValue().dataView();
            System.arraycopy(from.namedParameters().get(entry.getKey()).dataView(), 0, target, 0, target.length);
        }
    }

    private static Map<String, double[]> snapshot(EnnModel model) {
        Map<String, double[]> copy = new java.util.LinkedHashMap<>();
        model.namedParameters().forEach((name, tensor) -> copy.put(name, tensor.toArray()));
        return copy;
    }

    private static void assertWithin(Tensor t, double bound) {
        for (double v : t.dataView()) {
            assertTrue(Math.abs(v) <= bound, "value " + v + " outside ±" + bound);
        }
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message should contain '" + part + "': " + e.getMessage());
        }
    }

    /** Returns the readout of the closed form {@code x_L[:, s] = (Mᵀ·diag σ(E[:, s]))^L · x0[:, s]}. */
    private static double[] closedForm(EnnModel model, double[] grid, int batch) {
        double[][] layers = closedFormLayers(model, grid, batch);
        double[] last = layers[layers.length - 1];
        int states = model.config().numStates();
        double[] readout = model.namedParameters().get("readout.weight").dataView();
        double[] y = new double[last.length];
        for (int row = 0; row < last.length / states; row++) {
            for (int i = 0; i < states; i++) {
                for (int j = 0; j < states; j++) {
                    y[row * states + i] += readout[i * states + j] * last[row * states + j];
                }
            }
        }
        return y;
    }

    /** Returns the grid after each layer step's mixing, computed column by column with plain loops. */
    private static double[][] closedFormLayers(EnnModel model, double[] grid, int batch) {
        int neurons = model.config().numNeurons();
        int states = model.config().numStates();
        double[] entanglement = model.namedParameters().get("entanglement").dataView();
        double[] mixing = model.namedParameters().get("mixing").dataView();
        double[][] layers = new double[model.config().numLayers()][];
        double[] x = grid.clone();
        for (int layer = 0; layer < layers.length; layer++) {
            double[] next = new double[x.length];
            for (int b = 0; b < batch; b++) {
                for (int s = 0; s < states; s++) {
                    for (int m = 0; m < neurons; m++) {
                        double sum = 0;
                        for (int n = 0; n < neurons; n++) {
                            double gate = 1 / (1 + Math.exp(-entanglement[n * states + s]));
                            sum += mixing[n * neurons + m] * gate * x[(b * neurons + n) * states + s];
                        }
                        next[(b * neurons + m) * states + s] = sum;
                    }
                }
            }
            layers[layer] = next;
            x = next;
        }
        return layers;
    }

    /** The memory update written out with plain loops, as an independent reference. */
    private static final class HandMemory {
        private final int neurons;
        private final int states;
        private final int capacity;
        private final int topK;
        private final double recency;
        private final double[] encoderWeight;
        private final double[] encoderBias;
        private final double[] decoderWeight;
        private final double[] decoderBias;
        private final int compressed;
        private final List<List<double[]>> buffers = new ArrayList<>();
        private double[] state;
        private boolean sawActiveBottleneck;

        HandMemory(EnnModel model) {
            EnnConfig c = model.config();
            neurons = c.numNeurons();
            states = c.numStates();
            capacity = c.bufferSize();
            topK = c.lowPowerK();
            recency = c.recencyFactor();
            compressed = c.compressedDim();
            Map<String, Tensor> p = model.namedParameters();
            encoderWeight = p.get("autoencoder.encoder.weight").dataView();
            encoderBias = p.get("autoencoder.encoder.bias").dataView();
            decoderWeight = p.get("autoencoder.decoder.weight").dataView();
            decoderBias = p.get("autoencoder.decoder.bias").dataView();
            state = new double[neurons * states];
            for (int n = 0; n < neurons; n++) {
                buffers.add(new ArrayList<>());
            }
        }

        void update(double[][] layers) {
            for (double[] grid : layers) {
                int batch = grid.length / (neurons * states);
                for (int n = 0; n < neurons; n++) {
                    double[] mean = new double[states];
                    for (int b = 0; b < batch; b++) {
                        for (int s = 0; s < states; s++) {
                            mean[s] += grid[(b * neurons + n) * states + s] / batch;
                        }
                    }
                    List<double[]> buffer = buffers.get(n);
                    if (buffer.size() == capacity) {
                        buffer.remove(0);
                    }
                    buffer.add(mean);
                }
                double[] next = new double[neurons * states];
                for (int n = 0; n < neurons; n++) {
                    double[] row = collapse(recencyAverage(buffers.get(n)));
                    System.arraycopy(keepTopK(row), 0, next, n * states, states);
                }
                state = next;
            }
        }

        Tensor history(int neuron) {
            List<double[]> buffer = buffers.get(neuron);
            double[] flat = new double[buffer.size() * states];
            for (int j = 0; j < buffer.size(); j++) {
                System.arraycopy(buffer.get(j), 0, flat, j * states, states);
            }
            return Tensor.wrap(flat, buffer.size(), states);
        }

        private double[] recencyAverage(List<double[]> history) {
            double[] out = new double[states];
            double total = 0;
            int length = history.size();
            for (int j = 0; j < length; j++) {
                double w = Math.pow(recency, length - 1 - j);
                total += w;
                for (int s = 0; s < states; s++) {
                    out[s] += w * history.get(j)[s];
                }
            }
            for (int s = 0; s < states; s++) {
                out[s] /= total;
            }
            return out;
        }

        private double[] collapse(double[] row) {
            double[] v = new double[states];
            double mean = 0;
            for (int s = 0; s < states; s++) {
                v[s] = row[s] < 0 ? 0 : row[s];
                mean += v[s] / states;
            }
            for (int s = 0; s < states; s++) {
                v[s] *= v[s] > mean ? 1.5 : 0.7;
            }
            double[] z = new double[compressed];
            for (int c = 0; c < compressed; c++) {
                double sum = encoderBias[c];
                for (int s = 0; s < states; s++) {
                    sum += encoderWeight[c * states + s] * v[s];
                }
                z[c] = Math.max(sum, 0);
                sawActiveBottleneck |= z[c] > 0;
            }
            double[] out = new double[states];
            for (int s = 0; s < states; s++) {
                double sum = decoderBias[s];
                for (int c = 0; c < compressed; c++) {
                    sum += decoderWeight[s * compressed + c] * z[c];
                }
                out[s] = Math.max(sum, 0);
            }
            return out;
        }

        private double[] keepTopK(double[] row) {
            double[] sorted = row.clone();
            java.util.Arrays.sort(sorted);
            double threshold = sorted[states - Math.min(topK, states)];
            double[] out = new double[states];
            for (int s = 0; s < states; s++) {
                out[s] = row[s] >= threshold ? row[s] : 0;
            }
            return out;
        }
    }

    /** A container whose own parameter is not part of any of its four sub-layers. */
    private static final class ContainerWithExtraParameter extends dev.enn.layer.AbstractLayer
            implements EnnAttentionModules {
        private final Linear neuron;

        ContainerWithExtraParameter(Rng rng) {
            neuron = registerChild("neuron", new Linear(3, 3, rng));
            registerParameter("extra", Tensor.zeros(9));
        }

        @Override
        public Tensor forward(Tensor input) {
            return input;
        }

        @Override
        public Layer neuronAttention() {
            return neuron;
        }

        @Override
        public Layer temporalAttention() {
            return null;
        }

        @Override
        public Layer sparseAttention() {
            return null;
        }

        @Override
        public Layer attentionPooling() {
            return null;
        }
    }

    /** Attention stand-ins: Linear layers of the right shapes, enough to check the wiring. */
    private static final class FakeAttention implements EnnAttentionModules {
        final Linear neuron;
        final Linear temporal;
        final Linear sparse;
        final Linear pooling;

        FakeAttention(int states, Rng rng) {
            this(new Linear(states, states, rng.fork("neuron")), new Linear(states, states, rng.fork("temporal")),
                    new Linear(states, states, rng.fork("sparse")), new Linear(states, 1, rng.fork("pooling")));
        }

        FakeAttention(Linear neuron, Linear temporal, Linear sparse, Linear pooling) {
            this.neuron = neuron;
            this.temporal = temporal;
            this.sparse = sparse;
            this.pooling = pooling;
        }

        @Override
        public Layer neuronAttention() {
            return neuron;
        }

        @Override
        public Layer temporalAttention() {
            return temporal;
        }

        @Override
        public Layer sparseAttention() {
            return sparse;
        }

        @Override
        public Layer attentionPooling() {
            return pooling;
        }
    }
}
