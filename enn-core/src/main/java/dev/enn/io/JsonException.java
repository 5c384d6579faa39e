package dev.enn.io;

/**
 * Invalid JSON text, with the byte offset of the first problem. Thrown by {@link Json#parse}.
 */
public final class JsonException extends IllegalArgumentException {
    private final long offset;
    private final String problem;

    /**
     * Creates an exception for a problem at a byte offset of the parsed text.
     *
     * @param offset zero-based byte offset in the UTF-8 input where the problem was found
     * @param problem what is wrong, without the offset
     */
    public JsonException(long offset, String problem) {
        super("invalid JSON at byte " + offset + ": " + problem);
        this.offset = offset;
        this.problem = problem;
    }

    /** Returns the zero-based byte offset of the problem in the UTF-8 input. */
    public long offset() {
        return offset;
    }

    /** Returns what is wrong, without the offset. */
    public String problem() {
        return problem;
    }
}
