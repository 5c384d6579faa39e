package dev.enn.examples.forecast;

import dev.enn.model.EnnDynamicsMode;
import dev.enn.model.EnnModel;
import java.util.List;

/** The ENN variants the forecast example trains: the original's reference model and the recurrent one. */
final class EnnVariants {
    private EnnVariants() {
    }

    /** Returns the variants for {@code --mode recurrent} (recurrent only) or {@code both} (reference, then recurrent). */
    static List<String> available(String mode) {
        return "both".equals(mode) ? List.of("reference", "recurrent") : List.of("recurrent");
    }

    /**
     * Applies a variant's settings to a builder. The recurrent variant keeps one buffered state
     * (bufferSize 1): on the delay task a five-state recency average blurred the carried state and
     * stopped learning (docs/recurrent.md).
     */
    static EnnModel.Builder configure(EnnModel.Builder builder, String variant) {
        if ("recurrent".equals(variant)) {
            return builder.dynamics(EnnDynamicsMode.RECURRENT).bufferSize(1);
        }
        return builder;
    }
}
