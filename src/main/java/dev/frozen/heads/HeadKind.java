package dev.frozen.heads;

import dev.frozen.InvalidOption;
import dev.frozen.features.FeatureSet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kinds of head frozen can fit, and the one place that knows each kind: its option keys, how a setting is
 * built from text ({@code of}), its default search grid, how it trains, how a saved one loads and how its params
 * read in a table. {@link #id()} is the name used on the command line, in pipelines and in run records. A new
 * head is a new constant here plus its options record, trainer and model class in this package.
 */
public enum HeadKind implements dev.frozen.Choices.Named {
    SVM("svm", SvmOptions.KEYS) {
        @Override
        HeadOptions of(Map<String, String> values) {
            return SvmOptions.of(values);
        }

        @Override
        Map<String, List<String>> searchGrid(Map<String, List<String>> given) {
            return SvmOptions.searchGrid(given);
        }

        @Override
        Head train(HeadOptions o, SharedRows train, FeatureSet val, long seed, CachedLayer source, PrintStream log,
                Head warm) {
            return SvmTrainer.train((SvmOptions) o, train, seed, log, warm instanceof LinearHead l ? l : null);
        }

        @Override
        Head load(Path dir, HeadFile file) {
            String type = file.modelType();
            boolean kernel = type != null ? type.equals(KernelSvmHead.MODEL_TYPE) : file.model().has("machines");
            return kernel ? KernelSvmHead.load(file) : LinearHead.load(file);
        }

        @Override
        public String summary(Map<String, Object> params) {
            return SvmOptions.summary(params);
        }
    },
    LOGREG("logreg", LogRegOptions.KEYS) {
        @Override
        HeadOptions of(Map<String, String> values) {
            return LogRegOptions.of(values);
        }

        @Override
        Map<String, List<String>> searchGrid(Map<String, List<String>> given) {
            return LogRegOptions.searchGrid(given);
        }

        @Override
        Head train(HeadOptions o, SharedRows train, FeatureSet val, long seed, CachedLayer source, PrintStream log,
                Head warm) {
            return LogRegTrainer.train((LogRegOptions) o, train, log, warm instanceof LinearHead l ? l : null);
        }

        @Override
        Head load(Path dir, HeadFile file) {
            return LinearHead.load(file);
        }

        @Override
        public String summary(Map<String, Object> params) {
            return LogRegOptions.summary(params);
        }
    },
    DENSE("dense", DenseOptions.KEYS) {
        @Override
        HeadOptions of(Map<String, String> values) {
            return DenseOptions.of(values);
        }

        @Override
        Map<String, List<String>> searchGrid(Map<String, List<String>> given) {
            return DenseOptions.searchGrid(given);
        }

        @Override
        Head train(HeadOptions o, SharedRows train, FeatureSet val, long seed, CachedLayer source, PrintStream log,
                Head warm) {
            return DenseTrainer.train((DenseOptions) o, train.rows(), val, seed, source, log);
        }

        @Override
        Head load(Path dir, HeadFile file) {
            return DenseHead.load(dir, file);
        }

        @Override
        public String summary(Map<String, Object> params) {
            return DenseOptions.summary(params);
        }
    },
    KNN("knn", KnnOptions.KEYS) {
        @Override
        HeadOptions of(Map<String, String> values) {
            return KnnOptions.of(values);
        }

        @Override
        Map<String, List<String>> searchGrid(Map<String, List<String>> given) {
            return KnnOptions.searchGrid(given);
        }

        @Override
        Head train(HeadOptions o, SharedRows train, FeatureSet val, long seed, CachedLayer source, PrintStream log,
                Head warm) {
            return KnnHead.train((KnnOptions) o, train);
        }

        @Override
        Head load(Path dir, HeadFile file) {
            return KnnHead.load(dir, file);
        }

        @Override
        public String summary(Map<String, Object> params) {
            return KnnOptions.summary(params);
        }
    };

    private final String id;
    private final List<String> keys;

    HeadKind(String id, List<String> keys) {
        this.id = id;
        this.keys = keys;
    }

    public String id() {
        return id;
    }

    /** The option keys of this kind, as in run records and pipeline files, in their declared order. */
    public List<String> keys() {
        return keys;
    }

    /** One setting from text values keyed as {@link #keys()}; missing keys take the defaults. */
    abstract HeadOptions of(Map<String, String> values);

    /** Lists that {@code --search} supplies for keys not given. */
    abstract Map<String, List<String>> searchGrid(Map<String, List<String>> given);

    abstract Head train(HeadOptions options, SharedRows train, FeatureSet val, long seed, CachedLayer source,
            PrintStream log, Head warm);

    abstract Head load(Path dir, HeadFile file);

    /** Short table text for recorded params, e.g. {@code C=1} or {@code hidden=1000 drop=0.3 ep=10}. */
    public abstract String summary(Map<String, Object> params);

    /**
     * Every setting of the grid: the product of the value lists, in {@link #keys()} order (a key not given takes its
     * default, or with {@code search} the kind's default list). Each setting is validated before any data is read; a
     * key this kind does not have, an empty list or a grid larger than {@code maxSettings} is an {@link InvalidOption}.
     */
    public List<HeadOptions> grid(Map<String, List<String>> given, boolean search, int maxSettings) {
        for (Map.Entry<String, List<String>> e : given.entrySet()) {
            if (!keys.contains(e.getKey())) {
                throw new InvalidOption(e.getKey(), " does not apply to head " + id + " (its options: "
                        + String.join(", ", keys) + ")");
            }
            if (e.getValue().isEmpty()) {
                throw new InvalidOption(e.getKey(), ": expected at least one value, found an empty list");
            }
        }
        if (maxSettings < 1) {
            throw new InvalidOption("max_settings", " must be at least 1, found " + maxSettings);
        }
        Map<String, List<String>> lists = new LinkedHashMap<>();
        Map<String, List<String>> defaults = search ? searchGrid(given) : Map.of();
        long size = 1;
        for (String key : keys) {
            List<String> values = given.containsKey(key) ? given.get(key) : defaults.get(key);
            if (values != null) {
                lists.put(key, values);
                size *= values.size();
            }
        }
        if (size > maxSettings) {
            throw new InvalidOption("max_settings", ": the grid has more than " + maxSettings + " settings ("
                    + size + ", the product of the option lists); shorten the lists or raise it");
        }
        List<HeadOptions> grid = new ArrayList<>();
        product(new ArrayList<>(lists.entrySet()), 0, new LinkedHashMap<>(), grid);
        // One fit per distinct setting: "--C 1,1.0" or a repeated value would fit the same model twice.
        return List.copyOf(new java.util.LinkedHashSet<>(grid));
    }

    private void product(List<Map.Entry<String, List<String>>> lists, int i, Map<String, String> setting,
            List<HeadOptions> out) {
        if (i == lists.size()) {
            out.add(of(setting));
            return;
        }
        for (String v : lists.get(i).getValue()) {
            setting.put(lists.get(i).getKey(), v);
            product(lists, i + 1, setting, out);
        }
        setting.remove(lists.get(i).getKey());
    }

    /** Parses a command-line name; anything else is a usage error that lists the valid names. */
    public static HeadKind parse(String name) {
        return dev.frozen.Choices.parse(HeadKind.class, "head", name);
    }

    /** The kind named {@code name}, or null. */
    public static HeadKind find(String name) {
        for (HeadKind k : values()) {
            if (k.id.equals(name)) {
                return k;
            }
        }
        return null;
    }

    public static String validNames() {
        return dev.frozen.Choices.ids(HeadKind.class);
    }

    @Override
    public String toString() {
        return id;
    }
}
