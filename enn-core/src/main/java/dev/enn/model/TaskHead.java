package dev.enn.model;

/**
 * The output stage of {@link EnnModel}, applied after the readout to the grid {@code y [B, N, S]}.
 *
 * @param kind which head
 * @param outputs output width per sample: 0 for {@link Kind#NONE} (the output keeps its
 *     {@code [B, N, S]} shape), 1 for {@link Kind#MEAN}, K ≥ 1 for {@link Kind#LINEAR}
 */
public record TaskHead(Kind kind, int outputs) {
    /** The available heads. */
    public enum Kind {
        /** No head: the output is the raw grid {@code [B, N, S]}, as the original returns it. */
        NONE,
        /**
         * Mean over N and S, giving {@code [B, 1]}: the scalar prediction the original's benchmarks
         * train on. Adds no parameters.
         */
        MEAN,
        /**
         * A {@link dev.enn.layer.Linear} from the flattened N·S grid to K outputs ({@code [B, K]}),
         * for K regression targets or K class logits. Adds {@code head.weight [K, N·S]} and
         * {@code head.bias [K]}.
         */
        LINEAR
    }

    /**
     * Validates the pair.
     *
     * @throws IllegalArgumentException if {@code kind} is null or {@code outputs} does not fit it
     */
    public TaskHead {
        if (kind == null) {
            throw new IllegalArgumentException("TaskHead: kind is null; use TaskHead.none(), mean() or linear(K)");
        }
        boolean valid = switch (kind) {
            case NONE -> outputs == 0;
            case MEAN -> outputs == 1;
            case LINEAR -> outputs >= 1;
        };
        if (!valid) {
            String range = switch (kind) {
                case NONE -> "exactly 0";
                case MEAN -> "exactly 1";
                case LINEAR -> "at least 1";
            };
            throw new IllegalArgumentException("TaskHead: outputs = " + outputs + " is invalid for kind " + kind
                    + "; it must be " + range);
        }
    }

    /** Returns the head that keeps the raw {@code [B, N, S]} output. */
    public static TaskHead none() {
        return new TaskHead(Kind.NONE, 0);
    }

    /** Returns the head that averages over N and S into {@code [B, 1]}. */
    public static TaskHead mean() {
        return new TaskHead(Kind.MEAN, 1);
    }

    /**
     * Returns a linear head with {@code outputs} outputs per sample.
     *
     * @throws IllegalArgumentException if {@code outputs} is less than 1
     */
    public static TaskHead linear(int outputs) {
        return new TaskHead(Kind.LINEAR, outputs);
    }
}
