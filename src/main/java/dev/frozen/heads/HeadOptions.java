package dev.frozen.heads;

import dev.frozen.Choices;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One setting of a head kind: a value for each option its kind declares ({@link HeadKind#options()}), checked
 * against the declarations' ranges and then by the kind's own cross-field rules, so a constructed instance is
 * always trainable. Made from text by {@link HeadKind#of}, changed one key at a time by {@link #with}.
 */
public abstract class HeadOptions {
    /** How much looser than the user's tolerance the solver may stop when a fit only ranks a setting in a search. */
    public static final double SELECTION_TOL_FACTOR = 10;

    private final HeadKind kind;
    private final Map<String, Object> values;

    /** {@code values} holds every declared key (null where a kind allows none, e.g. svm's gamma = 1/D). */
    HeadOptions(HeadKind kind, Map<String, Object> values) {
        this.kind = kind;
        Map<String, Object> copy = new LinkedHashMap<>();
        for (HeadOption o : kind.options()) {
            Object v = values.get(o.key());
            o.check(v);
            copy.put(o.key(), v);
        }
        this.values = Collections.unmodifiableMap(copy);
    }

    public final HeadKind kind() {
        return kind;
    }

    /**
     * The hyperparameters as recorded in run records and model files, in declared order: choices as their ids, flags
     * only when set, and only the keys that apply to this setting ({@link #records}).
     */
    public final Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        for (HeadOption o : kind.options()) {
            Object v = values.get(o.key());
            if (!records(o.key()) || (o.type() == HeadOption.Type.FLAG && !Boolean.TRUE.equals(v))) {
                continue;
            }
            p.put(o.key(), v instanceof Choices.Named n ? n.id() : v);
        }
        return p;
    }

    /** Whether {@code key} is recorded in {@link #params()} for this setting; a kind hides keys that do not apply. */
    boolean records(String key) {
        return true;
    }

    /** The same setting with {@code key} set to {@code value} (a number, list, enum constant, Boolean or text). */
    public HeadOptions with(String key, Object value) {
        HeadOption o = kind.option(key);
        if (o == null) {
            throw new IllegalArgumentException(kind.id() + " has no option " + key);
        }
        Map<String, Object> changed = new LinkedHashMap<>(values);
        changed.put(key, o.coerce(value));
        return kind.create(changed);
    }

    /**
     * The setting as a search fits it only to score it on the validation split or CV folds, when the chosen setting
     * is refitted afterwards with its own options: for the linear SVM, the same setting with a
     * {@link #SELECTION_TOL_FACTOR}-fold looser tolerance (the ranking needs no more; the refit keeps the user's).
     * Others return themselves. Logistic regression keeps its tolerance: on the 50k x 512 bench a tenfold looser one
     * moved the chosen setting's validation accuracy (by one row in 5000) and saved little, its search already
     * being cheap.
     */
    public HeadOptions forSelection() {
        return this;
    }

    final Object value(String key) {
        return values.get(key);
    }

    final double real(String key) {
        return (Double) values.get(key);
    }

    final Double realOrNull(String key) {
        return (Double) values.get(key);
    }

    final int whole(String key) {
        return (Integer) values.get(key);
    }

    final boolean flag(String key) {
        return Boolean.TRUE.equals(values.get(key));
    }

    @SuppressWarnings("unchecked")
    final List<Integer> sizes(String key) {
        return (List<Integer>) values.get(key);
    }

    final <E extends Enum<E>> E choice(String key, Class<E> type) {
        return type.cast(values.get(key));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeadOptions h && h.kind == kind && h.values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind.id(), values);
    }

    @Override
    public String toString() {
        return kind.id() + params();
    }
}
