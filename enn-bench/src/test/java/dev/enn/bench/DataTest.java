package dev.enn.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.data.Dataset;
import dev.enn.tensor.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTest {
    private static final double TOLERANCE = 1e-12;

    @Test
    void regressionTargetFollowsLastStep() {
        Dataset data = SyntheticData.regression(new Rng(1), 5, 20, 3, 0.1);
        double[] x = data.all().inputs().dataView();
        double[] y = data.all().targets().dataView();

        assertArrayEquals(new int[] {1}, data.targetShape());
        for (int i = 0; i < 5; i++) {
            double last = x[(i * 20 + 19) * 3];
            assertEquals(3 * last + 0.3 * last * last, y[i], TOLERANCE);
            assertEquals(last, x[(i * 20 + 19) * 3 + 2], 0.0, "features share the noise");
        }
    }

    @Test
    void sameSeedGivesSameBits() {
        double[] first = SyntheticData.classification(new Rng(7), 8, 4, 2).all().inputs().dataView();
        double[] second = SyntheticData.classification(new Rng(7), 8, 4, 2).all().inputs().dataView();

        assertArrayEquals(first, second, 0.0);
    }

    @Test
    void delayTargetIsEarlierStep() {
        Dataset data = SyntheticData.delay(new Rng(3), 4, 10, 2, 5);
        double[] x = data.all().inputs().dataView();
        double[] y = data.all().targets().dataView();

        assertArrayEquals(new int[] {2}, data.targetShape());
        for (int i = 0; i < 4; i++) {
            assertEquals(x[(i * 10 + 5) * 2], y[i * 2], 0.0);
            assertEquals(x[(i * 10 + 5) * 2 + 1], y[i * 2 + 1], 0.0);
        }
    }

    @Test
    void delayLongerThanSequenceUsesFirstStep() {
        Dataset data = SyntheticData.delay(new Rng(3), 2, 3, 1, 5);

        assertEquals(data.all().inputs().dataView()[0], data.all().targets().dataView()[0], 0.0);
    }

    @Test
    void classificationLabelsAreBinary() {
        double[] labels = SyntheticData.classification(new Rng(5), 50, 6, 1).all().targets().dataView();

        for (double label : labels) {
            assertTrue(label == 0 || label == 1, "label " + label);
        }
    }

    @Test
    void emptySizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticData.regression(new Rng(1), 0, 20, 3, 0.1));
        assertThrows(IllegalArgumentException.class, () -> SyntheticData.delay(new Rng(1), 2, 20, 3, 0));
    }

    @Test
    void sunspotSplitsAreDisjointWindows() {
        BenchTask task = RealData.sunspots();

        assertEquals(1, task.features());
        assertEquals(RealData.WINDOW, task.steps());
        assertEquals(task.samples(), task.train().size() + task.validation().size() + task.test().size());
        assertTrue(task.test().size() > 10, "test windows: " + task.test().size());
    }

    @Test
    void missingSensorFileGivesEmpty(@TempDir Path dir) {
        assertFalse(RealData.sensor(dir).isPresent());
    }

    @Test
    void sensorFileGivesTwoFeatures(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(RealData.SENSOR_FILE);
        Files.createDirectories(file.getParent());
        StringBuilder csv = new StringBuilder("reading,mote_id,indoor,humidity,temperature,label\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i).append(",1,1,").append(40 + Math.sin(i)).append(',').append(25 + Math.cos(i)).append(",0\n");
            csv.append(i).append(",2,1,50,30,0\n");
        }
        Files.writeString(file, csv);

        BenchTask task = RealData.sensor(dir).orElseThrow();

        assertEquals(2, task.features());
        assertEquals(2, task.outputs());
        assertEquals(200 - RealData.WINDOW, task.samples());
    }
}
