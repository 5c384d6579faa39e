package dev.enn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file that is broken, truncated, hostile or does not match the model it is loaded into.
 * The message names the file and what is wrong with it. Every such problem found by
 * {@link SafeTensors#read} and {@link ModelFiles#load} is reported with this one type; failures
 * of the file system itself (file not found, permission denied) keep their own
 * {@link IOException} subclasses.
 */
public final class ModelFileException extends IOException {
    private final transient Path file;
    private final String problem;

    /**
     * Creates an exception for a problem with a file.
     *
     * @param file the file that was read
     * @param problem what is wrong, without the file name
     */
    public ModelFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** Creates an exception for a problem with a file, with the exception that revealed it. */
    public ModelFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** Returns the file that was read. */
    public Path file() {
        return file;
    }

    /** Returns what is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
