package dev.enn.io;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Child process for {@code AtomicFilesTest}: saves a large checkpoint to {@code args[0]} through
 * {@link AtomicFiles#write} and stalls mid-write, so the test can kill it at a known point.
 * After the first megabyte reaches the temporary file it prints {@value #SIGNAL} on standard
 * output, then sleeps until killed. It exits with status 3 if it is not killed within
 * {@value #MAX_STALL_SECONDS} seconds, so a broken test cannot leave it running.
 */
public final class AtomicWriteChild {
    static final String SIGNAL = "MID-WRITE";
    static final int MAX_STALL_SECONDS = 300;
    private static final int SIGNAL_AFTER_BYTES = 1 << 20;

    private AtomicWriteChild() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]);
        Tensor large = Tensor.randn(new Rng(99), 1000, 1000);
        AtomicFiles.write(target, out -> SafeTensors.write(new StallingStream(out), Map.of("large", large),
                Map.of("epoch", "2"), DType.F64, NonFinitePolicy.REJECT));
        System.exit(2);
    }

    /** Passes bytes through; after {@link #SIGNAL_AFTER_BYTES} it flushes, signals and stalls. */
    private static final class StallingStream extends FilterOutputStream {
        private long written;

        StallingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written += len;
            if (written >= SIGNAL_AFTER_BYTES) {
                out.flush();
                System.out.println(SIGNAL);
                System.out.flush();
                stall();
            }
        }

        private static void stall() {
            try {
                Thread.sleep(MAX_STALL_SECONDS * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.exit(3);
        }
    }
}
