package dev.frozen.experiments.pipeline;

import dev.frozen.UsageError;
import dev.frozen.heads.HeadKind;
import dev.frozen.heads.HeadKinds;
import dev.frozen.heads.HeadOption;
import dev.frozen.heads.HeadSpec;
import dev.frozen.InvalidOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Turns a pipeline's head entries into {@link HeadSpec}s: the YAML map goes straight to the head kind. */
public final class PipelineHeads {
    private PipelineHeads() {}

    /**
     * Builds a head's spec from its YAML options: the keys a head kind owns go to {@link HeadKind#grid} as lists (a
     * YAML list is several values, except for a list of sizes such as {@code hidden}, which is one architecture); {@code seed}, {@code seeds},
     * {@code seeds}, {@code val_fraction}, {@code cv}, {@code search}, {@code no_refit} and {@code max_settings} are the search's.
     * Errors name the file, the line and the key.
     */
    public static HeadSpec spec(Pipeline p, Pipeline.HeadEntry h) {
        HeadKind kind = HeadKinds.parse(h.kind());
        Map<String, List<String>> given = new LinkedHashMap<>();
        long seed = p.seed();
        double valFraction = p.valFraction();
        int cv = 0;
        int seeds = 1;
        int maxSettings = 1000;
        boolean search = false;
        boolean refit = true;
        try {
            for (Map.Entry<String, Object> o : h.options().entrySet()) {
                String key = o.getKey();
                Object v = o.getValue();
                switch (key) {
                    case Pipeline.HEAD_LAYER -> { } // which entries the head runs on: the pipeline's business
                    case "seed" -> seed = whole(key, v, Long.MIN_VALUE, Long.MAX_VALUE);
                    case "val_fraction" -> valFraction = number(key, v);
                    case "cv" -> cv = (int) whole(key, v, 2, Integer.MAX_VALUE); // 0 and 1 fold are no cross-validation
                    case "seeds" -> seeds = (int) whole(key, v, 1, Integer.MAX_VALUE);
                    case "max_settings" -> maxSettings = (int) whole(key, v, 1, Integer.MAX_VALUE);
                    case "search" -> search = bool(key, v);
                    case "no_refit" -> refit = !bool(key, v);
                    default -> {
                        if (!kind.keys().contains(key) && !HeadKinds.anyHas(key)) {
                            throw new InvalidOption(key, ": unknown key; expected one of " + String.join(", ", keysOf(kind)));
                        }
                        given.put(key, values(kind.option(key), v));
                    }
                }
            }
            return new HeadSpec(kind.grid(given, search, maxSettings), valFraction, seed, cv, refit, seeds);
        } catch (InvalidOption e) {
            throw new UsageError(p.file() + ":" + h.optionLines().getOrDefault(e.key(), h.line()) + ": " + e.asKey("heads"));
        }
    }

    /** The keys the search itself takes, beside each kind's own. */
    private static final List<String> SEARCH_KEYS = List.of("seed", "seeds", "val_fraction", "cv", "search", "no_refit",
            "max_settings", Pipeline.HEAD_LAYER);

    private static List<String> keysOf(HeadKind kind) {
        TreeSet<String> keys = new TreeSet<>(kind.keys());
        keys.addAll(SEARCH_KEYS);
        return new ArrayList<>(keys);
    }

    /** A YAML list is several values to search, except for a sizes option: [1000, 500] is one architecture. */
    private static List<String> values(HeadOption option, Object v) {
        if (v instanceof List<?> list) {
            List<String> texts = list.stream().map(String::valueOf).toList();
            boolean oneValue = option != null && option.type() == HeadOption.Type.SIZES;
            return oneValue ? List.of(String.join(",", texts)) : texts;
        }
        return List.of(String.valueOf(v));
    }

    private static double number(String key, Object v) {
        try {
            return dev.frozen.Numbers.real(String.valueOf(v));
        } catch (IllegalArgumentException e) {
            throw new InvalidOption(key, ": " + e.getMessage());
        }
    }

    private static long whole(String key, Object v, long min, long max) {
        try {
            return dev.frozen.Numbers.whole(String.valueOf(v), min, max);
        } catch (IllegalArgumentException e) {
            throw new InvalidOption(key, ": " + e.getMessage());
        }
    }

    private static boolean bool(String key, Object v) {
        String s = String.valueOf(v);
        if (!s.equals("true") && !s.equals("false")) {
            throw new InvalidOption(key, ": expected true or false, found " + s);
        }
        return s.equals("true");
    }
}
