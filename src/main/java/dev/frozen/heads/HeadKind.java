package dev.frozen.heads;

import dev.frozen.InvalidOption;
import dev.frozen.features.FeatureSet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A kind of head, and the one place that knows it: its id (the name used on the command line, in pipelines and run
 * records), its declared options ({@link HeadOption}), how it trains and loads, and the steps of fitting that differ
 * by kind (kept epoch, refit, fine-tuning checks). Kinds are listed once, in {@link HeadKinds#ALL}; everything else
 * (flags, pipeline keys, search grids, validation, summaries) is derived from the declarations.
 */
public abstract class HeadKind {
    private final String id;
    private final List<HeadOption> options;
    private final Function<Map<String, Object>, HeadOptions> create;
    private final BiFunction<Path, HeadFile, Head> load;

    /**
     * A kind named {@code id} with its declared {@code options}; {@code create} builds its setting from a value per
     * key (checking its cross-field rules), {@code load} reads a saved head of this kind.
     */
    HeadKind(String id, List<HeadOption> options, Function<Map<String, Object>, HeadOptions> create,
            BiFunction<Path, HeadFile, Head> load) {
        this.create = create;
        this.load = load;
        this.id = id;
        this.options = List.copyOf(options);
    }

    public final String id() {
        return id;
    }

    /** The declared options, in the order of {@code params()}. */
    public final List<HeadOption> options() {
        return options;
    }

    /** The option keys of this kind, as in run records and pipeline files, in their declared order. */
    public final List<String> keys() {
        return options.stream().map(HeadOption::key).toList();
    }

    /** The declaration of {@code key}, or null when this kind has no such option. */
    public final HeadOption option(String key) {
        for (HeadOption o : options) {
            if (o.key().equals(key)) {
                return o;
            }
        }
        return null;
    }

    /** The setting holding {@code values} (every declared key); it checks ranges and the kind's cross-field rules. */
    final HeadOptions create(Map<String, Object> values) {
        return create.apply(values);
    }

    abstract Head train(HeadOptions options, SharedRows train, FeatureSet val, long seed, CachedLayer source,
            PrintStream log, Head warm);

    final Head load(Path dir, HeadFile file) {
        return load.apply(dir, file);
    }

    /**
     * One setting from text values keyed as {@link #keys()} (the inverse of {@code params()}); missing keys take their
     * defaults, plain ones first, then those that depend on other values (svm's C on the kernel).
     */
    public HeadOptions of(Map<String, String> text) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (HeadOption o : options) {
            String given = text.get(o.key());
            values.put(o.key(), given != null ? o.parse(given) : o.hasRuleDefault() ? null : o.defaultFor(values));
        }
        for (HeadOption o : options) {
            if (o.hasRuleDefault() && text.get(o.key()) == null) {
                values.put(o.key(), o.defaultFor(values));
            }
        }
        return create(values);
    }

    /** Every option at its default. */
    public HeadOptions defaults() {
        return of(Map.of());
    }

    /** The lists {@code --search} supplies for keys not given: each declared search grid, in declared order. */
    Map<String, List<String>> searchGrid(Map<String, List<String>> given) {
        Map<String, List<String>> grid = new LinkedHashMap<>();
        for (HeadOption o : options) {
            if (!o.searchValues().isEmpty() && !given.containsKey(o.key())) {
                grid.put(o.key(), o.searchValues());
            }
        }
        return grid;
    }

    /** What {@code --search} tries when nothing is given, for help texts: key to values, in declared order. */
    public Map<String, List<String>> defaultSearchGrid() {
        return searchGrid(Map.of());
    }

    /**
     * Short table text for recorded params, e.g. {@code C=1} or {@code hidden=1000 drop=0.3 ep=10}: the options
     * shown always, then those shown when they differ from their default (see {@link HeadOption#shownIfChanged()}).
     */
    public String summary(Map<String, Object> params) {
        StringBuilder s = new StringBuilder();
        for (HeadOption.Shown pass : List.of(HeadOption.Shown.ALWAYS, HeadOption.Shown.IF_CHANGED)) {
            for (HeadOption o : options) {
                Object v = params.get(o.key());
                if (o.shownInSummary() != pass || v == null || (pass == HeadOption.Shown.IF_CHANGED && isDefault(o, v))) {
                    continue;
                }
                s.append(s.isEmpty() ? "" : " ");
                if (o.type() == HeadOption.Type.FLAG) {
                    s.append(o.key());
                } else if (o.type() == HeadOption.Type.CHOICE) {
                    s.append(v);
                } else {
                    s.append(o.summaryLabel()).append('=').append(HeadOption.text(v));
                }
            }
        }
        return s.toString();
    }

    private static boolean isDefault(HeadOption o, Object recorded) {
        Object d = o.defaultValue();
        if (o.type() == HeadOption.Type.FLAG) {
            return !Boolean.TRUE.equals(recorded);
        }
        if (recorded instanceof Number n && d instanceof Number dn) {
            return n.doubleValue() == dn.doubleValue();
        }
        return d != null && HeadOption.text(d).equals(HeadOption.text(recorded));
    }

    /**
     * Every setting of the grid: the product of the value lists, in {@link #keys()} order (a key not given takes its
     * default, or with {@code search} the kind's default list). Each setting is validated before any data is read; a
     * key this kind does not have, an empty list or a grid larger than {@code maxSettings} is an {@link InvalidOption}.
     */
    public List<HeadOptions> grid(Map<String, List<String>> given, boolean search, int maxSettings) {
        for (Map.Entry<String, List<String>> e : given.entrySet()) {
            if (option(e.getKey()) == null) {
                throw new InvalidOption(e.getKey(), " does not apply to head " + id + " (its options: "
                        + String.join(", ", keys()) + ")");
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
        for (String key : keys()) {
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
        return List.copyOf(new LinkedHashSet<>(grid));
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

    // The steps of fitting that differ by kind; the defaults are those of a head trained on the rows alone.

    /** Checks made before any row is read, e.g. that a network fits in memory; {@code classes} is the class count. */
    public void beforeFit(HeadOptions setting, CachedLayer source, int classes) {
    }

    /** Whether settings of this kind can train the base's last blocks (a freeze sweep compares them). */
    public boolean trainsBaseBlocks() {
        return false;
    }

    /** How many of the base's last blocks a setting, as recorded in {@code params}, trains; 0 for a frozen base. */
    public int trainableBlocks(Map<String, Object> params) {
        return 0;
    }

    /** Whether a setting, as recorded in {@code params}, started its trainable blocks from random values (a control). */
    public boolean reinitialised(Map<String, Object> params) {
        return false;
    }

    /** Whether a setting, as recorded in {@code params}, trained the base's blocks in bf16 rather than fp32. */
    public boolean bf16Blocks(Map<String, Object> params) {
        return false;
    }

    /** The epoch a trained head kept by validation accuracy, or null when this kind does not choose epochs. */
    public Integer keptEpoch(Head head) {
        return null;
    }

    /** The fitted params shared by every seed of a multi-seed run (those chosen per seed go to each seed's entry). */
    public Map<String, Object> paramsAcrossSeeds(Head head) {
        return head.params();
    }

    /**
     * The setting a search refits on all training rows, given the head that won on the validation split (null
     * with CV): the chosen setting itself, unless training chose more, e.g. the dense head's kept epoch.
     */
    public HeadOptions forRefit(HeadOptions chosen, Head validated) {
        return chosen;
    }

    /** True when every fit says the same solver line, so a search logs it for its first fit only. */
    public boolean logsOnceInSearch() {
        return false;
    }

    @Override
    public String toString() {
        return id;
    }
}
