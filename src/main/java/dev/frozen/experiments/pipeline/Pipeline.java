package dev.frozen.experiments.pipeline;

import dev.frozen.backbone.Pooling;
import dev.frozen.backbone.Precision;
import dev.frozen.backbone.Preprocessing;
import dev.frozen.backbone.Vgg16;
import dev.frozen.Setting;
import dev.frozen.features.ExtractionDefaults;
import dev.frozen.features.ExtractionSettings;
import dev.frozen.UsageError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A whole experiment read from a YAML file: the dataset, the frozen backbone settings (one or more input
 * sizes and layers), and the heads to fit on each resulting feature entry. The file is validated as a
 * whole on load; errors name the file, the line and the key.
 */
public record Pipeline(Path file, String name, Dataset dataset, Backbone backbone, List<HeadEntry> heads,
        String featuresDir, double valFraction, long seed) {

    /** {@code kind} is cifar10 or folder; {@code generate} asks for a synthetic image folder (smoke runs). */
    public record Dataset(String kind, String data, Generate generate) {}

    /** Parameters of a generated synthetic image folder. */
    public record Generate(int classes, int trainPerClass, int testPerClass, int size, long seed) {}

    /**
     * Backbone settings; every (input size, layer) pair makes one feature entry, with the {@link #settings} of that
     * pair. {@code batch} is null for the automatic size.
     */
    public record Backbone(String weights, List<String> layers, List<Integer> inputSizes, Preprocessing preprocessing,
            Integer batch, Pooling pooling, Precision precision) {
        public Backbone {
            layers = List.copyOf(layers);
            inputSizes = List.copyOf(inputSizes);
        }

        /** How the base is run for the entry of {@code layer} at {@code inputSize}. */
        public ExtractionSettings settings(String layer, int inputSize) {
            return ExtractionSettings.builder().layer(layer).inputSize(inputSize).preprocessing(preprocessing)
                    .pooling(pooling).precision(precision).batch(batch).build();
        }

        /** The same backbone with other weights (a command-line override). */
        Backbone withWeights(String other) {
            return new Backbone(other, layers, inputSizes, preprocessing, batch, pooling, precision);
        }
    }

    /** One head to fit: its kind, its options as written, and where it was written. */
    public record HeadEntry(String kind, Map<String, Object> options, Map<String, Integer> optionLines, int line) {
        /** Whether this head is fitted on entries of {@code layer}: its {@code layer:} list names it, or it has none. */
        public boolean fitsOn(String layer) {
            Object only = options.get(HEAD_LAYER);
            return !(only instanceof List<?> list) || list.contains(layer);
        }

        /** The backbone layers this head is fitted on, out of {@code all}. */
        public List<String> layersOf(List<String> all) {
            return all.stream().filter(this::fitsOn).toList();
        }
    }

    /** The head key naming which of backbone.layer's entries a head is fitted on (default: all of them). */
    public static final String HEAD_LAYER = "layer";

    private static final Set<String> TOP = Set.of("name", "description", "dataset", "backbone", "heads",
            "features_dir", "val_fraction", "seed");
    private static final Set<String> DATASET = Set.of("kind", "data", "generate");
    private static final Set<String> GENERATE = Set.of("classes", "train_per_class", "test_per_class", "size", "seed");
    private static final Set<String> BACKBONE = Set.of("weights", "layer", "input_size", "preprocessing", "batch", "pooling", "precision");

    public static Pipeline load(Path file) {
        Reading r = new Reading(file);
        MappingNode top = r.mapping(compose(file), "the pipeline", TOP);
        Map<String, Node> t = r.entries(top);
        r.attempt(() -> r.require(t, top, "dataset"));
        r.attempt(() -> r.require(t, top, "backbone"));
        r.attempt(() -> r.require(t, top, "heads"));
        // Each section and key is read on its own, so that one mistake does not hide the next: all are reported together.
        Dataset dataset = dataset(r, t);
        Backbone backbone = backbone(r, t);
        List<HeadEntry> heads = heads(r, t.get("heads"), backbone.layers());
        String featuresDir = t.containsKey("features_dir")
                ? r.attempt(() -> r.localPath(t.get("features_dir"), "features_dir"), ExtractionDefaults.FEATURES_DIR) : ExtractionDefaults.FEATURES_DIR;
        double valFraction = valFraction(r, t);
        long seed = t.containsKey("seed")
                ? r.attempt(() -> r.integer(t.get("seed"), "seed"), dev.frozen.heads.HeadSpec.DEFAULT_SEED) : dev.frozen.heads.HeadSpec.DEFAULT_SEED;
        String name = name(r, t, file);
        Pipeline pipeline = new Pipeline(file, name, dataset, backbone, heads, featuresDir, valFraction, seed);
        for (HeadEntry h : heads) { // the heads' own settings, so that their mistakes are listed with the file's
            r.attempt(() -> PipelineHeads.spec(pipeline, h), null);
        }
        r.throwIfAny();
        return pipeline;
    }

    /** The YAML tree of {@code file}: a usage error for a missing file, bad syntax, a duplicate key or an empty file. */
    private static Node compose(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageError("expected a pipeline YAML file at " + file + ", found "
                    + (Files.isDirectory(file) ? "a folder" : Files.exists(file) ? "something that is not a file" : "no such file"));
        }
        Node root = StrictYaml.compose(file); // syntax errors and duplicate keys, anywhere, with file:line
        if (root == null) {
            throw new UsageError(file + ":1: the pipeline: expected a mapping with dataset, backbone and heads, found an empty file");
        }
        return root;
    }

    /** The {@code dataset:} section: its kind, and where its images are or how to generate them. */
    private static Dataset dataset(Reading r, Map<String, Node> t) {
        Map<String, Node> d = t.containsKey("dataset")
                ? r.attempt(() -> r.entries(r.mapping(t.get("dataset"), "dataset", DATASET)), Map.of()) : Map.of();
        String kind = d.containsKey("kind")
                ? r.attempt(() -> r.oneOf(d.get("kind"), "dataset.kind", List.of("cifar10", "folder")), "cifar10") : "cifar10";
        Generate generate = !d.containsKey("generate") ? null : r.attempt(() -> {
            Map<String, Node> g = r.entries(r.mapping(d.get("generate"), "dataset.generate", GENERATE));
            Generate made = new Generate(r.intIn(g, "classes", 3, 2, 10), r.intIn(g, "train_per_class", 20, 1, 100_000),
                    r.intIn(g, "test_per_class", 10, 1, 100_000), r.intIn(g, "size", 32, 8, 1024),
                    g.containsKey("seed") ? r.integer(g.get("seed"), "seed") : 1);
            if (!kind.equals("folder")) {
                throw r.error(d.get("generate"), "dataset.generate", "needs dataset.kind: folder, found " + kind);
            }
            return made;
        }, null);
        String data = d.containsKey("data") ? r.attempt(() -> r.localPath(d.get("data"), "dataset.data"), null) : null;
        if (data != null && generate != null) {
            r.note(r.error(d.get("generate"), "dataset.generate", "cannot be combined with dataset.data (line "
                    + Reading.line(d.get("data")) + "); keep one: data reads a folder, generate makes a synthetic one"));
        }
        if (kind.equals("folder") && !d.containsKey("data") && !d.containsKey("generate")) {
            r.note(r.error(t.get("dataset"), "dataset", "kind folder needs 'data: DIR' or 'generate:'"));
        }
        return new Dataset(kind, data, generate);
    }

    /** The {@code backbone:} section; a key left out takes the {@link ExtractionSettings} default. */
    private static Backbone backbone(Reading r, Map<String, Node> t) {
        ExtractionSettings defaults = ExtractionSettings.DEFAULTS;
        Map<String, Node> b = t.containsKey("backbone")
                ? r.attempt(() -> r.entries(r.mapping(t.get("backbone"), "backbone", BACKBONE)), Map.of()) : Map.of();
        List<String> layers = !b.containsKey("layer") ? List.of(defaults.layer()) : r.attempt(() -> {
            List<String> named = r.strings(b.get("layer"), "backbone.layer");
            for (String layer : named) {
                if (!layer.equals(Vgg16.INPUT) && !Vgg16.LAYERS.contains(layer)) {
                    throw r.error(b.get("layer"), "backbone.layer", "expected VGG16 layers (" + Vgg16.INPUT
                            + ", " + String.join(", ", Vgg16.LAYERS) + "), found '" + layer + "'");
                }
            }
            return named;
        }, List.of(defaults.layer()));
        // At least 32 px (five 2x2 poolings); the upper bound only keeps the number an int: memory is checked later.
        List<Integer> sizes = !b.containsKey("input_size") ? List.of(defaults.inputSize())
                : r.attempt(() -> r.integers(b.get("input_size"), "backbone.input_size", Vgg16.MIN_INPUT,
                        Integer.MAX_VALUE), List.of(defaults.inputSize()));
        String weights = b.containsKey("weights")
                ? r.attempt(() -> r.string(b.get("weights"), "backbone.weights"), ExtractionDefaults.WEIGHTS) : ExtractionDefaults.WEIGHTS;
        Integer batch = b.containsKey("batch") ? r.attempt(() -> r.intIn(b, "batch", 0, 1, 4096), null) : null;
        return new Backbone(weights, layers, sizes,
                r.choice(b, "backbone", "preprocessing", Preprocessing.class, defaults.preprocessing()), batch,
                r.choice(b, "backbone", "pooling", Pooling.class, defaults.pooling()),
                r.choice(b, "backbone", "precision", Precision.class, defaults.precision()));
    }

    /** The {@code heads:} list, each head read on its own. */
    private static List<HeadEntry> heads(Reading r, Node headsNode, List<String> layers) {
        List<HeadEntry> heads = new ArrayList<>();
        if (headsNode != null && (!(headsNode instanceof SequenceNode hs) || hs.getValue().isEmpty())) {
            r.note(r.error(headsNode, "heads", "expected a non-empty list of heads (e.g. '- head: logreg')"));
        } else if (headsNode instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                HeadEntry head = r.attempt(() -> head(r, item, layers), null);
                if (head != null) {
                    heads.add(head);
                }
            }
        }
        return heads;
    }

    private static double valFraction(Reading r, Map<String, Node> t) {
        return !t.containsKey("val_fraction") ? dev.frozen.heads.HeadSpec.DEFAULT_VAL_FRACTION : r.attempt(() -> {
            double v = r.number(t.get("val_fraction"), "val_fraction");
            if (v < 0 || v >= 1) {
                throw r.error(t.get("val_fraction"), "val_fraction", "must be in [0, 1), found " + v);
            }
            return v;
        }, dev.frozen.heads.HeadSpec.DEFAULT_VAL_FRACTION);
    }

    /** The {@code name:}, which names the report folder, or one made from the file name. */
    private static String name(Reading r, Map<String, Node> t, Path file) {
        return !t.containsKey("name") ? defaultName(file) : r.attempt(() -> {
            String given = r.string(t.get("name"), "name");
            String badName = nameProblem(given);
            if (badName != null) {
                throw r.error(t.get("name"), "name", badName);
            }
            return given;
        }, defaultName(file));
    }

    /** One item of {@code heads:}; unknown or malformed keys of one head are reported together with the others. */
    private static HeadEntry head(Reading r, Node item, List<String> layers) {
        MappingNode m = r.mapping(item, "heads[]", null);
        Map<String, Object> options = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        String headKind = null;
        for (NodeTuple tuple : m.getValue()) {
            String key = r.key(tuple);
            if (key.equals("head")) {
                headKind = r.attempt(() -> r.oneOf(tuple.getValueNode(), "head",
                        dev.frozen.heads.HeadKinds.ids()), "");
            } else if (key.equals(HEAD_LAYER)) {
                // Restricts this head to some of backbone.layer's entries (a freeze sweep fits each K on its own layer).
                List<String> only = r.attempt(() -> {
                    List<String> named = r.strings(tuple.getValueNode(), "heads." + HEAD_LAYER);
                    for (String l : named) {
                        if (!layers.contains(l)) {
                            throw r.error(tuple.getValueNode(), "heads." + HEAD_LAYER, "expected one of backbone.layer "
                                    + layers + ", found '" + l + "'");
                        }
                    }
                    return named;
                }, layers);
                options.put(key, List.copyOf(only));
                lines.put(key, Reading.line(tuple.getKeyNode()));
            } else {
                Object value = r.attempt(() -> r.plain(tuple.getValueNode(), "heads." + key), null);
                if (value != null) {
                    options.put(key, value);
                }
                lines.put(key, Reading.line(tuple.getKeyNode()));
            }
        }
        if (headKind == null) {
            throw r.error(item, "heads[]", "every head needs 'head: " + dev.frozen.heads.HeadKinds.idsLabel() + "'");
        }
        if (headKind.isEmpty()) {
            return null; // an unknown kind, already noted: its options cannot be checked
        }
        return new HeadEntry(headKind, options, lines, Reading.line(item));
    }

    /**
     * Why {@code name} cannot name the report folder {@code <features-dir>/reports/<name>/}, or null: it must be
     * one plain folder name, so it can neither escape the reports folder ({@code ../x}) nor nest ({@code a/b}).
     */
    static String nameProblem(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            return "expected a plain folder name of letters, digits, '.', '_' and '-' (starting with a letter or digit), found '"
                    + name + "'" + (name.contains("/") || name.contains("\\") ? "; a name cannot contain a path" : "");
        }
        if (name.length() > 100) {
            return "expected a name of at most 100 characters, found " + name.length();
        }
        return null;
    }

    /** The file's name without .yaml, made a plain folder name (other characters become '_'). */
    static String defaultName(Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "").replaceAll("[^A-Za-z0-9._-]", "_")
                .replaceFirst("^[^A-Za-z0-9]+", "");
        stem = stem.length() > 100 ? stem.substring(0, 100) : stem;
        return stem.isEmpty() ? "pipeline" : stem;
    }

    /** A pipeline with command-line overrides applied ({@code null} keeps the file's value). */
    public Pipeline withOverrides(String data, String weights, String featuresDir) {
        // Paths as every verb reads them: a file: URI is the local path it names.
        data = data == null ? null : dev.frozen.LocalPaths.parse(data, Setting.flag("data"), LOCAL_ONLY).toString();
        featuresDir = featuresDir == null || featuresDir.isBlank() ? featuresDir
                : dev.frozen.LocalPaths.parse(featuresDir, Setting.flag("features_dir"), LOCAL_ONLY).toString();
        Dataset ds = data == null ? dataset : new Dataset(dataset.kind(), data, null);
        Backbone bb = weights == null ? backbone : backbone.withWeights(weights);
        return new Pipeline(file, name, ds, bb, heads, featuresDir == null ? this.featuresDir : featuresDir,
                valFraction, seed);
    }

    private static final String LOCAL_ONLY = "pipelines read and write local (or NFS) folders; Hadoop URIs are for"
            + " 'frozen extract " + Setting.flag("spark") + "'";

    /**
     * One usage error holding every problem found in a file, one {@code file:line: ...} line each, ordered by line
     * (a single problem is its own one-line message).
     */
    public static UsageError all(List<UsageError> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        List<String> lines = problems.stream().map(Throwable::getMessage).distinct()
                .sorted(java.util.Comparator.comparingInt(Pipeline::lineOf)).toList();
        return new PipelineProblems(lines);
    }

    private static int lineOf(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+): ").matcher(message);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Node helpers that turn every mistake into "file:line: key: what was expected, what was found". */
    static final class Reading {
        private final Path file;
        private final List<UsageError> problems = new ArrayList<>();

        Reading(Path file) {
            this.file = file;
        }

        /** Keeps a problem to report with the others. */
        void note(UsageError e) {
            problems.add(e);
        }

        /** The value read, or {@code fallback} with the problem kept, so reading goes on to find the next one. */
        <T> T attempt(java.util.function.Supplier<T> read, T fallback) {
            try {
                return read.get();
            } catch (UsageError e) {
                note(e);
                return fallback;
            }
        }

        void attempt(Runnable check) {
            attempt(() -> {
                check.run();
                return null;
            }, null);
        }

        /** Fails with every problem kept, one {@code file:line: key: ...} line each, in file order. */
        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw all(problems);
            }
        }

        static int line(Node node) {
            return node == null ? 0 : node.getStartMark().getLine() + 1;
        }

        /** A local path ({@link dev.frozen.LocalPaths}: a file: URI is the path it names), or a file:line error. */
        String localPath(Node node, String key) {
            String text = string(node, key);
            if (text.isBlank()) {
                return text; // PipelineChecks says what an empty value means for this key
            }
            try {
                return dev.frozen.LocalPaths.parse(text, key, LOCAL_ONLY).toString();
            } catch (UsageError e) {
                throw error(node, key, e.getMessage().replaceFirst("^" + java.util.regex.Pattern.quote(key) + " ", ""));
            }
        }

        UsageError error(Node node, String key, String message) {
            return new UsageError(file + ":" + line(node) + ": " + key + ": " + message);
        }

        MappingNode mapping(Node node, String what, Set<String> allowed) {
            if (!(node instanceof MappingNode m)) {
                throw error(node, what, "expected a mapping of keys to values, found " + describe(node));
            }
            if (allowed != null) {
                for (NodeTuple tuple : m.getValue()) {
                    String key = key(tuple);
                    if (!allowed.contains(key)) {
                        note(error(tuple.getKeyNode(), what.equals("the pipeline") ? key : what + "." + key,
                                "unknown key; expected one of " + String.join(", ", new java.util.TreeSet<>(allowed))));
                    }
                }
            }
            return m;
        }

        Map<String, Node> entries(MappingNode m) {
            Map<String, Node> out = new LinkedHashMap<>();
            for (NodeTuple tuple : m.getValue()) {
                String key = key(tuple);
                if (out.put(key, tuple.getValueNode()) != null) {
                    throw error(tuple.getKeyNode(), key, "duplicate key");
                }
            }
            return out;
        }

        void require(Map<String, Node> entries, Node where, String key) {
            if (!entries.containsKey(key)) {
                throw error(where, key, "missing required key");
            }
        }

        String key(NodeTuple tuple) {
            if (!(tuple.getKeyNode() instanceof ScalarNode s)) {
                throw error(tuple.getKeyNode(), "key", "expected a plain key");
            }
            return s.getValue();
        }

        String string(Node node, String key) {
            if (!(node instanceof ScalarNode s) || s.getValue().isEmpty()) {
                throw error(node, key, "expected a value, found " + describe(node));
            }
            return s.getValue();
        }

        /**
         * {@code section.key} of {@code entries} as one of {@code type}'s ids, written exactly (no case folding, as
         * every key here); {@code fallback} when the key is absent or wrong (a wrong one is noted).
         */
        <E extends Enum<E> & dev.frozen.Choices.Named> E choice(Map<String, Node> entries, String section, String key,
                Class<E> type, E fallback) {
            Node node = entries.get(key);
            if (node == null) {
                return fallback;
            }
            String where = section + "." + key;
            return attempt(() -> {
                String value = string(node, where);
                for (E e : type.getEnumConstants()) {
                    if (e.id().equals(value)) {
                        return e;
                    }
                }
                throw error(node, where, "expected one of " + dev.frozen.Choices.ids(type) + ", found '" + value + "'");
            }, fallback);
        }

        String oneOf(Node node, String key, List<String> allowed) {
            String value = string(node, key);
            if (!allowed.contains(value)) {
                throw error(node, key, "expected one of " + String.join(", ", allowed) + ", found '" + value + "'");
            }
            return value;
        }

        long integer(Node node, String key) {
            return integer(node, key, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        /** A whole number in {@code [min, max]}, parsed exactly: fractions, NaN and overflow are errors, never rounded. */
        long integer(Node node, String key, long min, long max) {
            String value = string(node, key);
            try {
                return dev.frozen.Numbers.whole(value, min, max);
            } catch (IllegalArgumentException e) {
                throw error(node, key, e.getMessage());
            }
        }

        int intIn(Map<String, Node> entries, String key, int fallback, int min, int max) {
            if (!entries.containsKey(key)) {
                return fallback;
            }
            return (int) integer(entries.get(key), key, min, max);
        }

        double number(Node node, String key) {
            String value = string(node, key);
            try {
                return dev.frozen.Numbers.real(value);
            } catch (IllegalArgumentException e) {
                throw error(node, key, e.getMessage());
            }
        }

        List<String> strings(Node node, String key) {
            if (node instanceof SequenceNode seq) {
                List<String> out = new ArrayList<>();
                for (Node item : seq.getValue()) {
                    out.add(string(item, key));
                }
                if (out.isEmpty()) {
                    throw error(node, key, "expected at least one value, found an empty list");
                }
                return out;
            }
            return List.of(string(node, key));
        }

        List<Integer> integers(Node node, String key, int min, int max) {
            List<Integer> out = new ArrayList<>();
            List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
            for (Node item : items) {
                out.add((int) integer(item, key, min, max));
            }
            if (out.isEmpty()) {
                throw error(node, key, "expected at least one value, found an empty list");
            }
            return out;
        }

        /** A scalar as its text, or a list of scalars as a list of texts (for head options). */
        Object plain(Node node, String key) {
            if (node instanceof SequenceNode seq) {
                List<String> out = new ArrayList<>();
                for (Node item : seq.getValue()) {
                    out.add(string(item, key));
                }
                return out;
            }
            return string(node, key);
        }

        private static String describe(Node node) {
            if (node == null) {
                return "nothing";
            }
            if (node instanceof ScalarNode s) {
                return s.getValue().isEmpty() ? "an empty value" : "'" + s.getValue() + "'";
            }
            return node instanceof SequenceNode ? "a list" : "a mapping";
        }
    }
}
