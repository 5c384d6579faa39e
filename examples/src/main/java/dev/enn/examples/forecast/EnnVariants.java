package dev.enn.examples.forecast;

import dev.enn.model.EnnDynamicsMode;
import dev.enn.model.EnnModel;
import dev.enn.model.RecurrentOptions;
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
     * Applies a variant's settings to a builder. The recurrent variant uses the delay task's
     * settings: one buffered state (a five-state recency average blurred the carried state on the
     * delay task), no decay, and no state collapse. On the sunspot series these had the lowest
     * validation MSE of the settings compared in docs/recurrent.md, and they train faster than with
     * the collapse on. The reference variant sets its dynamics explicitly, so it keeps its meaning
     * whatever the builder's default is.
     */
    static EnnModel.Builder configure(EnnModel.Builder builder, String variant) {
        if ("recurrent".equals(variant)) {
            return builder.dynamics(EnnDynamicsMode.RECURRENT)
                    .bufferSize(1)
                    .decayRate(0.0)
                    .recurrentOptions(new RecurrentOptions(false, RecurrentOptions.DEFAULT_COLLAPSE_WEIGHT, false));
        }
        return builder.dynamics(EnnDynamicsMode.REFERENCE);
    }
}
