package dev.enn.io;

import java.io.IOException;

/**
 * A consumer that may throw {@link IOException}, such as the code that writes a file's content.
 *
 * @param <T> the type of the consumed value
 */
@FunctionalInterface
public interface IOConsumer<T> {
    /** Consumes the value. */
    void accept(T value) throws IOException;
}
