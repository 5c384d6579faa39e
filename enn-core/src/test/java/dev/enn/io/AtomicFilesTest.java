package dev.enn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.Linear;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    /** Only a guard against a hung child process; no assertion depends on timing. */
    private static final long CHILD_GUARD_SECONDS = 120;

    @TempDir
    Path dir;

    @Test
    void writeCreatesFile() throws IOException {
        Path target = dir.resolve("a.bin");
        AtomicFiles.write(target, out -> out.write(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of(target), listDirectory(dir));
    }

    @Test
    void writeReplacesExistingFile() throws IOException {
        Path target = dir.resolve("a.bin");
        Files.write(target, new byte[100]);
        AtomicFiles.write(target, out -> out.write(7));
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
        assertEquals(List.of(target), listDirectory(dir));
    }

    @Test
    void contentMayCloseStream() throws IOException {
        Path target = dir.resolve("a.bin");
        AtomicFiles.write(target, out -> {
            out.write(new byte[] {4, 5});
            out.close();
        });
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(target));
    }

    @Test
    void relativeTargetResolvesAgainstWorkingDirectory() throws IOException {
        Path target = Path.of("").toAbsolutePath().relativize(dir.resolve("rel.bin"));
        AtomicFiles.write(target, out -> out.write(1));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(dir.resolve("rel.bin")));
    }

    @Test
    void failedCheckpointKeepsPreviousOne() throws IOException {
        // Checkpoint A (epoch 1) saved normally, then checkpoint B through a stream that fails after 100 bytes.
        Path target = dir.resolve("checkpoint.safetensors");
        Linear modelA = new Linear(8, 4, new Rng(1));
        ModelFiles.save(target, modelA, Map.of("epoch", "1"), DType.F64);
        byte[] bytesA = Files.readAllBytes(target);
        Linear modelB = new Linear(8, 4, new Rng(2));

        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target,
                out -> SafeTensors.write(new FailingStream(out, 100), ModelFiles.stateOf(modelB),
                        Map.of("epoch", "2"), DType.F64, NonFinitePolicy.REJECT)));

        assertEquals("injected failure after 100 bytes", e.getMessage());
        assertArrayEquals(bytesA, Files.readAllBytes(target));
        assertEquals(List.of(target), listDirectory(dir));
        Linear restored = new Linear(8, 4, new Rng(3));
        LoadedTensors loaded = ModelFiles.load(target, restored, ReadOptions.defaults());
        assertEquals("1", loaded.metadata().get("epoch"));
        assertArrayEquals(modelA.weight().dataView(), restored.weight().dataView());
        assertArrayEquals(modelA.bias().dataView(), restored.bias().dataView());
    }

    @Test
    void runtimeExceptionDeletesTempFile() throws IOException {
        Path target = dir.resolve("a.bin");
        Files.write(target, new byte[] {9});
        IllegalStateException thrown = new IllegalStateException("boom");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[1000]);
            throw thrown;
        }));
        assertSame(thrown, e);
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(target));
        assertEquals(List.of(target), listDirectory(dir));
    }

    @Test
    void directoryTargetRejected() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.write(sub, out -> out.write(1)));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        assertTrue(Files.isDirectory(sub));
    }

    @Test
    void missingDirectoryFails() {
        Path target = dir.resolve("absent").resolve("a.bin");
        assertThrows(NoSuchFileException.class, () -> AtomicFiles.write(target, out -> out.write(1)));
        assertFalse(Files.exists(target.getParent()));
    }

    @Test
    void killedWriterLeavesPreviousFile() throws Exception {
        Path models = Files.createDirectory(dir.resolve("models"));
        Path target = models.resolve("checkpoint.safetensors");
        Tensor weightsA = Tensor.randn(new Rng(7), 50, 20);
        SafeTensors.write(target, Map.of("large", weightsA), Map.of("epoch", "1"), DType.F64);
        byte[] bytesA = Files.readAllBytes(target);

        Process child = startChild(target, dir.resolve("child-stderr.txt"));
        try {
            String line = CompletableFuture.supplyAsync(() -> readLine(child))
                    .get(CHILD_GUARD_SECONDS, TimeUnit.SECONDS);
            assertEquals(AtomicWriteChild.SIGNAL, line, () -> "child output; stderr: " + stderr());
            List<Path> midWrite = listDirectory(models);
            assertEquals(2, midWrite.size(), midWrite::toString);
            Path temp = midWrite.get(0).equals(target) ? midWrite.get(1) : midWrite.get(0);
            assertTrue(Files.size(temp) >= 1 << 20, "temp file holds the first megabyte");
        } finally {
            child.destroyForcibly();
            child.waitFor(CHILD_GUARD_SECONDS, TimeUnit.SECONDS);
        }

        assertArrayEquals(bytesA, Files.readAllBytes(target));
        LoadedTensors loaded = SafeTensors.read(target);
        assertEquals("1", loaded.metadata().get("epoch"));
        assertArrayEquals(weightsA.dataView(), loaded.tensors().get("large").dataView());
        // The killed process cannot delete its temp file; it is hidden and named after the target.
        for (Path p : listDirectory(models)) {
            if (!p.equals(target)) {
                assertTrue(p.getFileName().toString().startsWith(".checkpoint.safetensors."), p.toString());
                assertTrue(p.getFileName().toString().endsWith(".tmp"), p.toString());
            }
        }
    }

    private Process startChild(Path target, Path stderrFile) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                AtomicWriteChild.class.getName(), target.toString());
        builder.redirectError(stderrFile.toFile());
        return builder.start();
    }

    private static String readLine(Process child) {
        try {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            return reader.readLine();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("child-stderr.txt"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<Path> listDirectory(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    /** Passes bytes through until {@code limit} bytes were written, then throws like a full disk. */
    private static final class FailingStream extends FilterOutputStream {
        private final long limit;
        private long written;

        FailingStream(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int allowed = (int) Math.min(len, limit - written);
            out.write(b, off, allowed);
            written += allowed;
            if (allowed < len) {
                throw new IOException("injected failure after " + limit + " bytes");
            }
        }
    }
}
