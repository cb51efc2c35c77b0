package dev.frozen;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Exact parsing of numbers written by users (flags, pipeline files, grids): a whole number must be one, in range
 * (never rounded, truncated or wrapped), and a real number must be a finite decimal (no NaN, Infinity, hex or
 * Java's {@code d}/{@code f} suffixes). Failures are {@link IllegalArgumentException}s whose message says what
 * was expected and what was found; callers put their key or {@code file:line} in front.
 */
public final class Numbers {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Numbers() {}

    /** A whole number in {@code [min, max]}; {@code 2.0} and {@code 1e3} are whole, {@code 1.9} and {@code NaN} are not. */
    public static long whole(String text, long min, long max) {
        String t = text == null ? "" : text.strip();
        if (!DECIMAL.matcher(t).matches()) {
            throw new IllegalArgumentException("expected a whole number, found '" + text + "'");
        }
        BigDecimal exact = new BigDecimal(t).stripTrailingZeros();
        if (exact.scale() > 0) {
            throw new IllegalArgumentException("expected a whole number, found '" + text + "'");
        }
        // Digits before the point; beyond 19 no long holds it (and 1e999999999 is never expanded).
        boolean huge = exact.signum() != 0 && exact.precision() - exact.scale() > 19;
        BigInteger value = huge ? null : exact.toBigIntegerExact();
        boolean below = huge ? exact.signum() < 0 : value.compareTo(BigInteger.valueOf(min)) < 0;
        boolean above = huge ? exact.signum() > 0 : value.compareTo(BigInteger.valueOf(max)) > 0;
        if (below || above) {
            boolean open = max == Integer.MAX_VALUE || max == Long.MAX_VALUE; // only the type bounds it above
            String range = open && below ? "must be at least " + min
                    : open ? "expected a whole number of at most " + max
                    : "must be in [" + min + ", " + max + "]";
            throw new IllegalArgumentException(range + ", found " + t);
        }
        return value.longValueExact();
    }

    /** A whole number that fits an {@code int} and lies in {@code [min, max]}. */
    public static int wholeInt(String text, int min, int max) {
        return (int) whole(text, min, max);
    }

    /** A finite decimal number: {@code 0.1}, {@code 1e-4}; not {@code NaN}, {@code Infinity}, {@code 1e400} or {@code 0x1p3}. */
    public static double real(String text) {
        String t = text == null ? "" : text.strip();
        if (!DECIMAL.matcher(t).matches()) {
            boolean notFinite = t.toLowerCase(java.util.Locale.ROOT).matches("[+-]?(nan|inf|infinity|\\.inf|\\.nan)");
            throw new IllegalArgumentException("expected a " + (notFinite ? "finite " : "") + "number, found '" + text + "'");
        }
        double v = Double.parseDouble(t);
        if (Double.isInfinite(v)) {
            throw new IllegalArgumentException("expected a number a double can hold (up to about 1.8e308), found " + t);
        }
        return v;
    }
}
