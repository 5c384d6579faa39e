package dev.enn.examples.forecast;

import dev.enn.model.EnnModel;
import java.util.List;

/** The ENN variants the forecast example trains. */
final class EnnVariants {
    private EnnVariants() {
    }

    /** Returns the variants for {@code --mode recurrent} or {@code both}. */
    static List<String> available(String mode) {
        // NOTE: the recurrent mode is not built yet; until then both modes train the reference model.
        return List.of("reference");
    }

    /** Applies a variant's settings to a builder. */
    static EnnModel.Builder configure(EnnModel.Builder builder, String variant) {
        return builder;
    }
}
