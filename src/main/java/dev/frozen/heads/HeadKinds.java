package dev.frozen.heads;

import dev.frozen.InvalidOption;
import java.util.List;

/** The registry of head kinds: the one list of them. A new kind is one line here plus its own files. */
public final class HeadKinds {
    private HeadKinds() {}

    /** Every kind, in the order help and error messages list them. */
    public static final List<HeadKind> ALL = List.of(
            SvmKind.KIND,
            LogRegKind.KIND,
            DenseKind.KIND,
            KnnKind.KIND);

    /** The kind named {@code name}; anything else is an {@link InvalidOption} for {@code head} listing the names. */
    public static HeadKind parse(String name) {
        HeadKind k = find(name == null ? null : name.strip().toLowerCase(java.util.Locale.ROOT));
        if (k == null) {
            throw new InvalidOption("head", " must be one of " + String.join(", ", ids()) + " (got " + name + ")");
        }
        return k;
    }

    /** The kind named {@code name}, or null. */
    public static HeadKind find(String name) {
        for (HeadKind k : ALL) {
            if (k.id().equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** The ids, in registry order. */
    public static List<String> ids() {
        return ALL.stream().map(HeadKind::id).toList();
    }

    /** The ids joined by {@code |}, as a placeholder in messages. */
    public static String idsLabel() {
        return String.join("|", ids());
    }

    /** Whether any kind declares {@code key}. */
    public static boolean anyHas(String key) {
        return ALL.stream().anyMatch(k -> k.option(key) != null);
    }
}
