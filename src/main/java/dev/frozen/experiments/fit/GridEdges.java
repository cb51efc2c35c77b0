package dev.frozen.experiments.fit;

import dev.frozen.Setting;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Says when a search chose the smallest or largest value it tried of a numeric option: the best may lie beyond
 * the grid. For options searched on a log scale it suggests the next decade, e.g. "C=0.001 is the smallest value
 * tried; try --C 0.0001,0.001" (the option as the command line or the pipeline names it).
 */
public final class GridEdges {
    /** Options whose grids are decades apart, so the suggestion multiplies or divides by 10. */
    private static final Set<String> LOG_SCALE = Set.of("C", "lambda", "gamma", "lr");

    private GridEdges() {}

    /**
     * One line per option at an edge, or an empty list. {@code tried} is the run record's {@code search} (each with
     * {@code params}); {@code chosen} is the index of the chosen setting in it.
     */
    public static List<String> notes(List<Map<String, Object>> tried, int chosen) {
        List<String> notes = new ArrayList<>();
        if (tried == null || tried.size() < 2 || chosen < 0 || chosen >= tried.size()) {
            return notes;
        }
        if (tried.stream().map(GridEdges::score).distinct().count() < 2) {
            return notes; // every setting scored the same: nothing points beyond the grid
        }
        Map<?, ?> best = (Map<?, ?>) tried.get(chosen).get("params");
        for (Map.Entry<?, ?> e : best.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Number value)) {
                continue;
            }
            TreeSet<BigDecimal> values = new TreeSet<>();
            for (Map<String, Object> t : tried) {
                if (((Map<?, ?>) t.get("params")).get(key) instanceof Number n) {
                    values.add(new BigDecimal(n.toString()));
                }
            }
            BigDecimal v = new BigDecimal(value.toString());
            if (values.size() < 2 || v.compareTo(values.first()) != 0 && v.compareTo(values.last()) != 0) {
                continue;
            }
            boolean smallest = v.compareTo(values.first()) == 0;
            boolean count = value instanceof Integer || value instanceof Long;
            if (smallest && (count ? v.compareTo(BigDecimal.ONE) <= 0 : !LOG_SCALE.contains(key) && v.signum() <= 0)) {
                continue; // nothing lies below k=1 or a dropout of 0
            }
            String note = key + "=" + plain(v) + " is the " + (smallest ? "smallest" : "largest") + " value tried";
            if (LOG_SCALE.contains(key) && v.signum() > 0) {
                BigDecimal next = smallest ? v.divide(BigDecimal.TEN) : v.multiply(BigDecimal.TEN);
                note += "; the best may lie beyond it: try " + Setting.key(key) + " "
                        + (smallest ? plain(next) + "," + plain(v) : plain(v) + "," + plain(next));
            } else {
                note += "; the best may lie beyond it: extend the grid past it";
            }
            notes.add("note: " + note);
        }
        return notes;
    }

    /** The score a setting was chosen by: validation or cross-validation accuracy (null when neither was kept). */
    private static Object score(Map<String, Object> setting) {
        Object v = setting.get("val_accuracy");
        return v != null ? v : setting.get("cv_accuracy");
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
