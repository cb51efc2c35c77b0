package dev.frozen.cli;

import dev.frozen.heads.HeadKind;
import dev.frozen.heads.HeadKinds;
import dev.frozen.heads.HeadOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code fit} command's head flags, made from the kinds' option declarations through picocli's programmatic
 * API: one flag per key across all kinds ({@code --} and the key with {@code -} for {@code _}, unless declared
 * otherwise), help text naming the kinds that have it with each one's default, a comma list for every value but
 * layer sizes (one architecture per use, repeatable), and {@code --search} listing each kind's default grid.
 */
final class HeadFlags {
    /** The flag of each key, in registry order and each kind's declared order. */
    private final Map<String, OptionSpec> byKey = new LinkedHashMap<>();
    private final Map<String, HeadOption.Type> types = new LinkedHashMap<>();
    private OptionSpec search;

    private HeadFlags() {}

    /** Adds the flags to {@code spec}, after its annotated options. */
    static HeadFlags addTo(CommandSpec spec) {
        HeadFlags flags = new HeadFlags();
        for (Map.Entry<String, List<Declared>> e : declarations().entrySet()) {
            OptionSpec option = flag(e.getValue());
            spec.addOption(option);
            flags.byKey.put(e.getKey(), option);
            flags.types.put(e.getKey(), e.getValue().get(0).option().type());
        }
        flags.search = OptionSpec.builder("--search").arity("0").type(boolean.class).initialValue(false)
                .description(escape(searchHelp())).build();
        spec.addOption(flags.search);
        return flags;
    }

    /** One declaration of a key by one kind. */
    record Declared(HeadKind kind, HeadOption option) {}

    /** Every key with the kinds that declare it, in registry order. */
    static Map<String, List<Declared>> declarations() {
        Map<String, List<Declared>> byKey = new LinkedHashMap<>();
        for (HeadKind kind : HeadKinds.ALL) {
            for (HeadOption o : kind.options()) {
                byKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(new Declared(kind, o));
            }
        }
        return byKey;
    }

    private static OptionSpec flag(List<Declared> declared) {
        HeadOption first = declared.get(0).option();
        OptionSpec.Builder b = OptionSpec.builder("--" + first.flagName()).description(escape(help(declared)));
        if (first.type() == HeadOption.Type.FLAG) {
            return b.arity("0").type(boolean.class).initialValue(false).build();
        }
        b.type(List.class).auxiliaryTypes(String.class).paramLabel(first.paramLabel());
        if (first.type() != HeadOption.Type.SIZES) {
            b.splitRegex(",");
        }
        if (first.type() == HeadOption.Type.CHOICE) {
            b.hideParamSyntax(true); // "--kernel=linear|rbf", not "linear|rbf[,linear|rbf...]"
        }
        return b.build();
    }

    /**
     * {@code svm, logreg: stopping tolerance, > 0 (default: 1e-4).}: the kinds, what the option does, its range,
     * each kind's default (one when they agree), and any notes the declarations add.
     */
    static String help(List<Declared> declared) {
        HeadOption first = declared.get(0).option();
        StringBuilder s = new StringBuilder(String.join(", ", declared.stream().map(d -> d.kind().id()).toList()))
                .append(": ").append(first.help());
        if (!first.rangeText().isEmpty()) {
            s.append(", ").append(first.rangeText());
        }
        if (first.type() != HeadOption.Type.FLAG) {
            Set<String> defaults = new LinkedHashSet<>();
            declared.forEach(d -> defaults.add(d.option().defaultText()));
            s.append(" (default: ").append(defaults.size() == 1 ? defaults.iterator().next()
                    : String.join("; ", declared.stream().map(d -> d.option().defaultText() + " for " + d.kind().id()).toList()))
                    .append(')');
        }
        s.append('.');
        if (first.type() == HeadOption.Type.SIZES) {
            String flag = "--" + first.flagName();
            s.append(" Each use is one value; repeat the option to search over several: ").append(flag).append(" 512 ")
                    .append(flag).append(" 1000,500.");
        }
        declared.stream().map(d -> d.option().note()).filter(n -> n != null).distinct().forEach(n -> s.append(' ').append(n));
        return s.toString();
    }

    /** The help of {@code --search}: each kind's default grid, e.g. {@code dense dropout in {0.3,0.5} x lr in {...}}. */
    static String searchHelp() {
        List<String> grids = new ArrayList<>();
        for (HeadKind kind : HeadKinds.ALL) {
            List<String> lists = new ArrayList<>();
            kind.defaultSearchGrid().forEach((key, values) -> lists.add(key + " in {" + String.join(",", values) + "}"));
            if (!lists.isEmpty()) {
                grids.add(kind.id() + " " + String.join(" x ", lists));
            }
        }
        return "Search a default grid for every option not given (most regularised first, so each fit starts from its "
                + "neighbour's solution): " + String.join("; ", grids) + ".";
    }

    /** Picocli reads descriptions as format strings. */
    private static String escape(String text) {
        return text.replace("%", "%%");
    }

    /** The head options given, keyed as in run records and pipelines; each use of a sizes flag is one value. */
    Map<String, List<String>> given() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        byKey.forEach((key, option) -> {
            Object v = option.getValue();
            if (types.get(key) == HeadOption.Type.FLAG) {
                if (Boolean.TRUE.equals(v)) {
                    m.put(key, List.of("true"));
                }
            } else if (v instanceof List<?> values) {
                m.put(key, values.stream().map(String::valueOf).toList());
            }
        });
        return m;
    }

    boolean search() {
        return Boolean.TRUE.equals(search.getValue());
    }

    /** The flag that sets {@code key} ({@code reinit}: {@code --reinit-trainable}); other keys as the core writes them. */
    String flagOf(String key) {
        OptionSpec o = byKey.get(key);
        return o != null ? o.longestName() : "--" + key.replace('_', '-');
    }

    /** For a solver that stopped at its limit: the flag of the kind's first searched option, its regularisation. */
    String regularisationAdvice(HeadKind kind) {
        return kind.defaultSearchGrid().keySet().stream().findFirst().map(k -> " or regularise more (" + flagOf(k) + ")")
                .orElse("");
    }
}
