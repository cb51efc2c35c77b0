package dev.frozen;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Option values that are one of a fixed set: every such enum names its values with {@link Named#id()}, and
 * {@link #parse} is the one lookup (case-insensitive), whose error names the option's key and lists the values.
 */
public final class Choices {
    private Choices() {}

    /**
     * An enum value with the name users type and records store, e.g. {@code avg} or {@code onednn}: its constant's
     * name in lower case, so records and flags read the same as the code.
     */
    public interface Named {
        default String id() {
            return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
        }
    }

    /** The value of {@code type} whose id is {@code text}; else an {@link InvalidOption} for {@code key}. */
    public static <E extends Enum<E> & Named> E parse(Class<E> type, String key, String text) {
        for (E e : type.getEnumConstants()) {
            if (text != null && e.id().equalsIgnoreCase(text.strip())) {
                return e;
            }
        }
        throw new InvalidOption(key, " must be one of " + ids(type) + " (got " + text + ")");
    }

    /** The ids of {@code type}'s values, comma-separated, in declaration order. */
    public static <E extends Enum<E> & Named> String ids(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Named::id).collect(Collectors.joining(", "));
    }

    /** The lower-case constant name, the id of most enums here. */
    public static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
