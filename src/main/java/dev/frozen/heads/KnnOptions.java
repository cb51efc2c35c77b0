package dev.frozen.heads;

import dev.frozen.InvalidOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k-nearest-neighbour hyperparameters: how many neighbours vote and how distance is measured on the standardised
 * rows. The defaults (k = 20, cosine) are the usual fixed-feature evaluation beside the linear probe.
 */
public record KnnOptions(int k, Metric metric) implements HeadOptions {
    public static final int DEFAULT_K = 20;
    /** The keys of {@link #params()} and {@link #of(Map)}, as in run records and pipeline files. */
    public static final List<String> KEYS = List.of("k", "metric");
    /** Enough neighbours for any vote a user means; more is a typo that would only cost memory. */
    public static final int MAX_K = 10_000;

    /** Cosine compares directions (rows L2-normalised after standardising); euclidean compares positions. */
    public enum Metric implements dev.frozen.Choices.Named {
        COSINE("cosine"), EUCLIDEAN("euclidean");

        private final String id;

        Metric(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        static Metric parse(String s) {
            return dev.frozen.Choices.parse(Metric.class, "metric", s);
        }
    }

    public KnnOptions {
        Check.between("k", 1, MAX_K, k);
        if (metric == null) {
            throw new InvalidOption("metric", ": expected cosine or euclidean, found nothing");
        }
    }

    /** One setting from text values keyed as {@link #KEYS}; missing keys take the defaults. */
    public static KnnOptions of(Map<String, String> m) {
        Metric metric = m.get("metric") == null ? Metric.COSINE : Metric.parse(m.get("metric").strip());
        return new KnnOptions(OptionValues.whole(m, "k", DEFAULT_K), metric);
    }

    /** What {@code --search} tries when k is not given. */
    static Map<String, List<String>> searchGrid(Map<String, List<String>> given) {
        return Map.of("k", List.of("1", "5", "10", "20", "50"));
    }

    /** Table text for recorded params: {@code k=20 cosine}. */
    static String summary(Map<String, Object> p) {
        return "k=" + OptionValues.num(p.get("k")) + " " + p.get("metric");
    }

    public static KnnOptions defaults() {
        return new KnnOptions(DEFAULT_K, Metric.COSINE);
    }

    @Override
    public HeadKind kind() {
        return HeadKind.KNN;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("k", k);
        p.put("metric", metric.id());
        return p;
    }
}
