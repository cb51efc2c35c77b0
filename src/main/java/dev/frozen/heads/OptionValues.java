package dev.frozen.heads;

import dev.frozen.InvalidOption;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reading one setting's options from text, as {@code of(Map)} on each options record does: a missing key takes
 * the default, a malformed value is an {@link InvalidOption} naming the key. Also the short number format of
 * summaries.
 */
final class OptionValues {
    private OptionValues() {}

    static double number(Map<String, String> m, String key, double dflt) {
        String v = m.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return dev.frozen.Numbers.real(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidOption(key, ": " + e.getMessage());
        }
    }

    static Double numberOrNull(Map<String, String> m, String key) {
        return m.get(key) == null ? null : number(m, key, 0);
    }

    static int whole(Map<String, String> m, String key, int dflt) {
        String v = m.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return dev.frozen.Numbers.wholeInt(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            throw new InvalidOption(key, ": " + e.getMessage());
        }
    }

    /** Comma-separated layer sizes such as {@code 1000} or {@code 1000,500}. */
    static List<Integer> sizes(Map<String, String> m, String key, List<Integer> dflt) {
        String v = m.get(key);
        if (v == null) {
            return dflt;
        }
        List<Integer> sizes = new ArrayList<>();
        for (String part : v.replace("[", "").replace("]", "").split(",", -1)) {
            try {
                sizes.add(dev.frozen.Numbers.wholeInt(part, Integer.MIN_VALUE, Integer.MAX_VALUE));
            } catch (IllegalArgumentException e) {
                throw new InvalidOption(key, ": expected layer sizes like 1000 or 1000,500, found '" + v + "'");
            }
        }
        return sizes;
    }

    /** {@code true} or {@code false}; a missing key is false. */
    static boolean bool(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null || v.strip().equals("false")) {
            return false;
        }
        if (v.strip().equals("true")) {
            return true;
        }
        throw new InvalidOption(key, ": expected true or false, found '" + v + "'");
    }

    /**
     * Up to 4 significant digits, no trailing zeros: 1.0 -> 1, 0.001 -> 0.001; outside [1e-4, 1e6) an exponent keeps
     * it short (1e300 -> 1e300, not 301 digits; 2.5e-7 -> 2.5e-7).
     */
    static String num(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return String.valueOf(d);
            }
            BigDecimal rounded = new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros();
            double a = Math.abs(d);
            if (a == 0 || (a >= 1e-4 && a < 1e6)) {
                return rounded.toPlainString();
            }
            int exponent = rounded.precision() - rounded.scale() - 1;
            return rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString() + "e" + exponent;
        }
        return Objects.toString(v);
    }

    /** Appends {@code " key=value"} when a recorded number differs from the default. */
    static void appendIfNot(StringBuilder s, String key, Object value, double dflt) {
        if (value instanceof Number n && n.doubleValue() != dflt) {
            s.append(' ').append(key).append('=').append(num(n));
        }
    }
}
