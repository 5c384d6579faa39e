package dev.enn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the whole runner on a tiny configuration and checks that every output names every model. */
class BenchmarkRunnerTest {
    @TempDir
    Path out;

    @Test
    void tinyReadmeRunWritesEveryOutput() throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exitCode = BenchmarkRunner.execute(new PrintStream(console, true, StandardCharsets.UTF_8),
                "--suite", "readme", "--tasks", "regression,classification,delay", "--samples", "20",
                "--epochs", "1", "--runs", "2", "--latency-repeats", "1", "--out", out.toString(),
                "--data-dir", out.resolve("no-data").toString());
        String progress = console.toString(StandardCharsets.UTF_8);

        assertEquals(0, exitCode, progress);
        String results = Files.readString(out.resolve(ReportWriter.RESULTS_CSV));
        String summary = Files.readString(out.resolve(ReportWriter.SUMMARY_CSV));
        String report = Files.readString(out.resolve(ReportWriter.REPORT_MD));
        for (String model : ModelZoo.allNames()) {
            assertTrue(results.contains("," + model + ","), "results.csv lacks " + model);
            assertTrue(summary.contains("," + model + ","), "summary.csv lacks " + model);
            assertTrue(report.contains("| " + model + " |"), "report.md lacks " + model);
            assertTrue(progress.contains(" " + model + " run 2/2: "), "progress lacks " + model);
        }
        assertTrue(!report.contains("### Skipped"), report);
        for (String task : List.of("regression", "classification", "delay")) {
            for (String chart : List.of("scores_", "parameters_", "loss_curves_")) {
                Path file = out.resolve(chart + task + "_n20_t20_f3.png");
                assertTrue(Files.isRegularFile(file), "missing " + file.getFileName());
                assertTrue(Files.size(file) > 1000, file.getFileName() + " is nearly empty");
            }
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(9, files.filter(file -> file.toString().endsWith(".png")).count());
        }
    }

    @Test
    void quickFlagKeepsExplicitEpochs() throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exitCode = BenchmarkRunner.execute(new PrintStream(console, true, StandardCharsets.UTF_8),
                "--quick", "--tasks", "regression", "--models", "mlp", "--samples", "20", "--epochs", "2",
                "--latency-repeats", "1", "--out", out.toString());

        assertEquals(0, exitCode, console.toString(StandardCharsets.UTF_8));
        List<String> rows = Files.readAllLines(out.resolve(ReportWriter.RESULTS_CSV));
        assertEquals(2, rows.size(), "one header and one run");
        String[] fields = rows.get(1).split(",");
        assertEquals("mlp", fields[4]);
        assertEquals("2", fields[12], "epochs column");
    }

    @Test
    void gridRunDrawsAxisCharts() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exitCode = BenchmarkRunner.execute(new PrintStream(console, true, StandardCharsets.UTF_8),
                "--suite", "grid", "--quick", "--tasks", "regression", "--models", "mlp,enn_reference", "--samples",
                "20", "--epochs", "1", "--runs", "1", "--latency-repeats", "1", "--out", out.toString());

        assertEquals(0, exitCode, console.toString(StandardCharsets.UTF_8));
        for (String axis : List.of("samples", "steps", "features")) {
            assertTrue(Files.isRegularFile(out.resolve("score_vs_" + axis + "_regression.png")), "missing " + axis);
        }
    }

    @Test
    void failingModelIsReportedAsSkipped() throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exitCode = BenchmarkRunner.execute(new PrintStream(console, true, StandardCharsets.UTF_8),
                "--suite", "grid", "--quick", "--tasks", "regression", "--models", "enn_sparse", "--samples", "20",
                "--epochs", "1", "--runs", "1", "--latency-repeats", "1", "--out", out.toString());

        assertEquals(0, exitCode, console.toString(StandardCharsets.UTF_8));
        String report = Files.readString(out.resolve(ReportWriter.REPORT_MD));
        assertTrue(report.contains("### Skipped"), report);
        assertTrue(report.contains("divisible by 4 heads"), report);
    }

    @Test
    void unknownTaskFails() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(console, true, StandardCharsets.UTF_8);
        PrintStream previousErr = System.err;
        System.setErr(stream);
        try {
            assertEquals(2, BenchmarkRunner.execute(stream, "--tasks", "weather", "--out", out.toString()));
        } finally {
            System.setErr(previousErr);
        }
    }
    @Test
    void float32ProductsAreNamedInTheReport() throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exitCode = BenchmarkRunner.execute(new PrintStream(console, true, StandardCharsets.UTF_8),
                "--quick", "--tasks", "regression", "--models", "mlp", "--samples", "40", "--epochs", "1",
                "--latency-repeats", "1", "--products", "float32", "--out", out.toString());

        assertEquals(0, exitCode, console.toString(StandardCharsets.UTF_8));
        String report = Files.readString(out.resolve(ReportWriter.REPORT_MD));
        assertTrue(report.contains("- Matrix products: float32, "), report);
    }

    @Test
    void unknownProductPrecisionFails() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(console, true, StandardCharsets.UTF_8);
        PrintStream previousErr = System.err;
        System.setErr(stream);
        try {
            assertEquals(2, BenchmarkRunner.execute(stream, "--products", "fp16", "--out", out.toString()));
        } finally {
            System.setErr(previousErr);
        }
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("--products must be float64 or float32, got 'fp16'"),
                console.toString(StandardCharsets.UTF_8));
    }
}
