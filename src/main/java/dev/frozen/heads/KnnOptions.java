package dev.frozen.heads;

import java.util.List;
import java.util.Map;

/**
 * k-nearest-neighbour hyperparameters: how many neighbours vote and how distance is measured on the standardised
 * rows. The defaults (k = 20, cosine) are the usual fixed-feature evaluation beside the linear probe.
 */
public final class KnnOptions extends HeadOptions {
    public static final int DEFAULT_K = 20;
    /** Enough neighbours for any vote a user means; more is a typo that would only cost memory. */
    public static final int MAX_K = 10_000;

    /** Cosine compares directions (rows L2-normalised after standardising); euclidean compares positions. */
    public enum Metric implements dev.frozen.Choices.Named {
        COSINE, EUCLIDEAN;

        static Metric parse(String s) {
            return dev.frozen.Choices.parse(Metric.class, "metric", s);
        }
    }

    /** The options, once: keys, defaults, ranges, help and search grids (see {@link HeadOption}). */
    static final List<HeadOption> DECLARED = List.of(
            HeadOption.whole("k", "neighbours that vote, at most the training rows").byDefault(DEFAULT_K)
                    .between(1, MAX_K).label("K").search("1", "5", "10", "20", "50").shown(),
            HeadOption.choice("metric", Metric.class, "distance on the standardised rows; cosine L2-normalises them first")
                    .byDefault(Metric.COSINE).shown());

    KnnOptions(Map<String, Object> values) {
        super(KnnKind.KIND, values);
    }

    /** One setting from text values keyed as in run records; missing keys take the defaults. */
    public static KnnOptions of(Map<String, String> m) {
        return (KnnOptions) KnnKind.KIND.of(m);
    }

    public static KnnOptions defaults() {
        return of(Map.of());
    }

    @Override
    public KnnOptions with(String key, Object value) {
        return (KnnOptions) super.with(key, value);
    }

    public int k() {
        return whole("k");
    }

    public Metric metric() {
        return choice("metric", Metric.class);
    }
}
