package dev.frozen.heads;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every trained head holds the same way: its kind, the parameters it was trained with, its class names and
 * whether its scores are probabilities. A head adds its model, its scoring and its saved form.
 */
abstract class TrainedHead implements Head {
    private final HeadKind kind;
    private final Map<String, Object> params;
    private final List<String> classNames;
    private final boolean probabilistic;

    TrainedHead(HeadKind kind, Map<String, Object> params, List<String> classNames, boolean probabilistic) {
        this.kind = kind;
        this.params = new LinkedHashMap<>(params);
        this.classNames = List.copyOf(classNames);
        this.probabilistic = probabilistic;
    }

    @Override
    public final HeadKind kind() {
        return kind;
    }

    @Override
    public final Map<String, Object> params() {
        return new LinkedHashMap<>(params);
    }

    @Override
    public final List<String> classNames() {
        return classNames;
    }

    @Override
    public final boolean probabilistic() {
        return probabilistic;
    }
}
