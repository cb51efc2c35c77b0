package dev.frozen.experiments;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Short, human-readable key hyperparameters of a run for tables, e.g. {@code C=1} or
 * {@code hidden=1000 drop=0.3 ep=10}; defaults that rarely change (tolerances, lr, batch) are shown only when
 * they differ from the default.
 */
public final class ParamSummary {
    private ParamSummary() {}

    public static String of(String head, Map<String, Object> p) {
        StringBuilder s = new StringBuilder();
        switch (head) {
            case "svm" -> {
                s.append("C=").append(num(p.get("C")));
                if ("rbf".equals(p.get("kernel"))) {
                    s.append(" rbf");
                    if (p.get("gamma") != null) {
                        s.append(" gamma=").append(num(p.get("gamma")));
                    }
                }
            }
            case "logreg" -> s.append("lambda=").append(num(p.get("lambda")));
            case "dense" -> {
                Object hidden = p.get("hidden");
                String h = hidden instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                        : String.valueOf(hidden);
                s.append("hidden=").append(h)
                        .append(" drop=").append(num(p.get("dropout")))
                        .append(" ep=").append(num(p.get("epochs")));
                appendIfNot(s, "lr", p.get("lr"), 1e-3);
                appendIfNot(s, "batch", p.get("batch"), 256);
                appendIfNot(s, "trainable_blocks", p.get("trainable_blocks"), 0);
            }
            default -> p.forEach((k, v) -> s.append(s.isEmpty() ? "" : " ").append(k).append('=').append(num(v)));
        }
        return s.toString();
    }

    private static void appendIfNot(StringBuilder s, String key, Object value, double dflt) {
        if (value instanceof Number n && n.doubleValue() != dflt) {
            s.append(' ').append(key).append('=').append(num(n));
        }
    }

    /** Up to 4 significant digits, no trailing zeros, no exponent: 1.0 -> 1, 0.001 -> 0.001. */
    static String num(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return String.valueOf(d);
            }
            return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return Objects.toString(v);
    }
}
