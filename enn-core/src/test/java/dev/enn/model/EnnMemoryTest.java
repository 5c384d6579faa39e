package dev.enn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EnnMemoryTest {

    @Test
    void freshMemoryIsZeroAndEmpty() {
        EnnMemory memory = new EnnMemory(3, 2, 4);

        assertArrayEquals(new double[6], memory.neuronState().dataView());
        assertArrayEquals(new int[] {3, 2}, memory.neuronState().shape());
        assertEquals(0, memory.historyLength());
        assertArrayEquals(new int[] {3, 0, 2}, memory.histories().shape());
        assertEquals(4, memory.buffer(2).capacity());
    }

    @Test
    void gettersReturnCopies() {
        EnnMemory memory = filledMemory();
        double[] state = memory.neuronState().toArray();
        double[] history = memory.history(0).toArray();

        memory.neuronState().dataView()[0] = 99;
        memory.history(0).dataView()[0] = 99;
        memory.buffer(0).add(new double[] {99, 99, 99, 99});

        assertArrayEquals(state, memory.neuronState().dataView());
        assertArrayEquals(history, memory.history(0).dataView());
    }

    @Test
    void resetClearsStateAndBuffers() {
        EnnMemory memory = filledMemory();

        memory.reset();

        assertArrayEquals(new double[8], memory.neuronState().dataView());
        assertEquals(0, memory.historyLength());
    }

    @Test
    void copyIsIndependent() {
        EnnMemory memory = filledMemory();
        EnnMemory copy = memory.copy();
        double[] state = copy.neuronState().toArray();
        double[] histories = copy.histories().toArray();

        memory.reset();

        assertArrayEquals(state, copy.neuronState().dataView());
        assertArrayEquals(histories, copy.histories().dataView());
        assertEquals(2, copy.historyLength());
    }

    @Test
    void historiesStackEveryNeuron() {
        EnnMemory memory = filledMemory();
        Tensor histories = memory.histories();

        assertArrayEquals(new int[] {2, 2, 4}, histories.shape());
        for (int n = 0; n < 2; n++) {
            assertArrayEquals(memory.history(n).dataView(), histories.select(0, n).toArray(), "neuron " + n);
        }
    }

    @Test
    void setNeuronStateCopiesValues() {
        EnnMemory memory = new EnnMemory(2, 2, 1);
        Tensor state = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);

        memory.setNeuronState(state);
        state.dataView()[0] = 99;

        assertArrayEquals(new double[] {1, 2, 3, 4}, memory.neuronState().dataView());
    }

    @Test
    void setNeuronStateRejectsWrongShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EnnMemory(2, 3, 1).setNeuronState(Tensor.zeros(3, 2)));

        assertTrue(e.getMessage().contains("expected shape [2, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("got [3, 2]"), e.getMessage());
    }

    @Test
    void setNeuronStateRejectsNaN() {
        Tensor state = Tensor.zeros(2, 3);
        state.dataView()[4] = Double.NaN;

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EnnMemory(2, 3, 1).setNeuronState(state));

        assertTrue(e.getMessage().contains("[1, 1]"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EnnMemory(2, 0, 3));

        assertTrue(e.getMessage().contains("numStates = 0"), e.getMessage());
    }

    @Test
    void rejectsNeuronIndexOutsideRange() {
        EnnMemory memory = new EnnMemory(2, 2, 2);

        assertThrows(IndexOutOfBoundsException.class, () -> memory.history(2));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.buffer(-1));
    }

    /** Memory of an N=2, S=4 model after one call of two layer steps. */
    private static EnnMemory filledMemory() {
        EnnModel model = EnnModel.builder().numNeurons(2).numStates(4).inputFeatures(3).numLayers(2).bufferSize(3)
                .lowPowerK(2).inputFormat(InputFormat.VECTOR).seed(1).build();
        EnnMemory memory = model.newMemory();
        model.forward(Tensor.randn(new Rng(2), 3, 3), memory);
        return memory;
    }
}
