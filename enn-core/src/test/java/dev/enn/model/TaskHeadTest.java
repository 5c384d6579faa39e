package dev.enn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaskHeadTest {

    @Test
    void factoriesSetOutputWidth() {
        assertEquals(new TaskHead(TaskHead.Kind.NONE, 0), TaskHead.none());
        assertEquals(new TaskHead(TaskHead.Kind.MEAN, 1), TaskHead.mean());
        assertEquals(new TaskHead(TaskHead.Kind.LINEAR, 4), TaskHead.linear(4));
    }

    @Test
    void linearRejectsZeroOutputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskHead.linear(0));

        assertTrue(e.getMessage().contains("outputs = 0"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }

    @Test
    void rejectsWidthThatDoesNotFitKind() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new TaskHead(TaskHead.Kind.NONE, 2));
        IllegalArgumentException mean = assertThrows(IllegalArgumentException.class,
                () -> new TaskHead(TaskHead.Kind.MEAN, 3));

        assertTrue(none.getMessage().contains("exactly 0"), none.getMessage());
        assertTrue(mean.getMessage().contains("exactly 1"), mean.getMessage());
    }

    @Test
    void rejectsNullKind() {
        assertThrows(IllegalArgumentException.class, () -> new TaskHead(null, 0));
    }
}
