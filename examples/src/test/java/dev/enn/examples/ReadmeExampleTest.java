package dev.enn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReadmeExampleTest {
    /** The example's target is exactly linear in the last step, so the model fits it closely. */
    private static final double FINAL_TRAINING_MSE_BOUND = 1e-3;

    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "main", "java", "dev", "enn", "examples", "ReadmeExample.java");

    @Test
    void readmeShowsTheExampleVerbatim() throws IOException {
        List<String> example = between(Files.readAllLines(SOURCE, StandardCharsets.UTF_8),
                "// README example begins", "// README example ends");
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf("```java\n", readme.indexOf("<!-- readme-example -->"));
        int end = readme.indexOf("```", start + 8);
        assertTrue(start >= 0, "README.md has no java block after <!-- readme-example -->");
        assertTrue(end > start, "the java block after <!-- readme-example --> in README.md is not closed");
        List<String> block = readme.substring(start + 8, end).lines().collect(Collectors.toList());
        assertArrayEquals(strip(example), strip(block), "README example and ReadmeExample.java differ");
    }

    @Test
    void exampleTrains() {
        ReadmeExample.Outcome outcome = ReadmeExample.run();
        double[] losses = outcome.history().trainLosses();
        assertTrue(losses[losses.length - 1] < FINAL_TRAINING_MSE_BOUND,
                "final training MSE " + losses[losses.length - 1] + " is not below " + FINAL_TRAINING_MSE_BOUND);
        assertArrayEquals(new int[] {4, 1}, outcome.prediction().shape());
    }

    private static List<String> between(List<String> lines, String begin, String end) {
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(begin)) {
                from = i + 1;
            } else if (lines.get(i).trim().equals(end)) {
                to = i;
            }
        }
        assertTrue(from > 0, "begin marker not found in " + SOURCE);
        assertTrue(to >= from, "end marker not found after the begin marker in " + SOURCE);
        return lines.subList(from, to);
    }

    /** Removes the common indentation and blank edges so that only the code is compared. */
    private static String[] strip(List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        int cut = indent == Integer.MAX_VALUE ? 0 : indent;
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(cut).stripTrailing()).toArray(String[]::new);
    }
}
