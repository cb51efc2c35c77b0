package dev.frozen.cli;

import dev.frozen.DataError;
import dev.frozen.UsageError;
import dev.frozen.experiments.report.CompareLoader;
import dev.frozen.experiments.report.ComparePlots;
import dev.frozen.experiments.report.CompareReport;
import dev.frozen.experiments.report.CompareTable;
import dev.frozen.experiments.report.ReportFormat;
import dev.frozen.heads.HeadKinds;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code compare} verb: ranks recorded runs by test accuracy and prints or plots them. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Rank the recorded runs (from 'frozen fit' and 'frozen run') by test accuracy, best first.",
            "",
            "Reads <features-dir>/*/runs/*.json and prints one table per test set (runs are grouped by the",
            "fingerprint of their entry's dataset: runs scored on different rows are never ranked together).",
            "Within a table, runs are grouped by feature entry; each group's header names the entry, its layer",
            "and input size. Columns: rank, run id (shortest unique prefix, accepted by 'predict --run'), head,",
            "key params, settings tried by a search, train_n (rows the head was trained on), validation",
            "accuracy ('-' when none was held out), test accuracy, its 95%% Wilson interval, the exact McNemar",
            "p-value against the best run on the same rows, and fit time in seconds.",
            "",
            "Markers: '*' the best run and every run not significantly worse (p >= 0.05; several can be best);",
            "'!' after the rank: stale (its entry was re-extracted since with different features; refit it);",
            "'~' after the head: its solver stopped at the iteration limit before converging.",
            "",
            "The table fits $COLUMNS (100 when unset), leaving out the least needed columns and saying which;",
            "--wide shows them all. Runs repeated with the same head, params, seed and entry (a pipeline run",
            "twice) are shown once, the newest, and the number folded is reported. --format json adds",
            "macro_f1, per_class_accuracy, and log_loss and ece (15 bins) for heads that give probabilities.",
            "",
            "--plot FILE.png (or .svg, .jpg) writes two images per test set: FILE.png, test accuracy per run",
            "with 95%% intervals and the tied runs marked, and FILE-confusion.png, the best run's confusion",
            "matrix (counts in the cells, colour by row share); further test sets go to FILE-2.png, ...",
            "See docs/reports.md for how to read tables and plots.",
            "",
            "Examples:",
            "  frozen compare",
            "  frozen compare --pipeline smoke --wide",
            "  frozen compare --head svm --format markdown",
            "  frozen compare --format csv > runs.csv",
            "  frozen compare --plot results/accuracy.svg",
            ""
        })
public final class CompareCommand extends Verb {
    /** The table width when $COLUMNS says nothing usable. */
    static final int DEFAULT_WIDTH = 100;

    @Mixin
    FeaturesDirOption featuresDirOption;

    @Option(names = {"--features", "--entry"}, paramLabel = "ENTRY", description = "Only runs on this feature entry (its name, a unique prefix or a dataset name).")
    String entry;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Only runs on entries of this dataset (its name, e.g. cifar10 or a folder name, or its kind).")
    String dataset;

    @Option(names = "--pipeline", paramLabel = "NAME", description = "Only runs fitted by this pipeline ('frozen run').")
    String pipeline;

    @Option(names = "--head", paramLabel = "HEAD", description = "Only runs of this head: ${COMPLETION-CANDIDATES}.",
            completionCandidates = HeadNames.class)
    String head;

    @Option(names = "--format", paramLabel = "table|markdown|csv|json", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--wide", description = "Show every column of the table, however wide.")
    boolean wide;

    @Option(names = "--width", paramLabel = "N",
            description = "Fit the table to N columns (default: $COLUMNS, or " + DEFAULT_WIDTH + ").")
    Integer width;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also draw FILE (accuracy bars) and FILE-confusion (best run's confusion matrix); "
                    + "the format follows the extension: .png, .svg, .jpg or .jpeg.")
    Path plot;

    @Override
    public Integer call() {
        ReportFormat fmt = ReportFormat.parse(format);
        String headFilter = head == null ? null : HeadKinds.parse(head).id();
        if (width != null && width < 1) {
            throw new UsageError("expected --width to be a positive number of columns, found " + width);
        }
        if (plot != null) {
            ComparePlots.Format.of(plot); // refuse a bad extension before reading anything
        }
        PrintWriter out = out();
        PrintWriter err = err();
        String entryName = entry == null ? null : featuresDirOption.withHint(main.home(), FeaturesDirOption.hasEntry(entry),
                () -> dev.frozen.features.EntryNames.resolve(featuresDirOption.dir, entry));
        CompareLoader.Loaded loaded = CompareLoader.load(featuresDirOption.dir,
                new CompareLoader.Filter(entryName, headFilter, dataset, pipeline), err::println);
        List<CompareReport> groups = loaded.groups();
        if (groups.isEmpty()) {
            throw new DataError(noRunsMessage(loaded, headFilter)
                    + (entry == null && headFilter == null && dataset == null && pipeline == null
                            ? featuresDirOption.hint(main.home(), FeaturesDirOption.hasRun(null)) : ""));
        }
        int tableWidth = wide ? CompareTable.WIDE : width != null ? width : widthFrom(System.getenv("COLUMNS"));
        out.print(render(groups, fmt, tableWidth));
        out.flush();
        if (loaded.folded() > 0) {
            err.println(plural(loaded.folded(), "duplicate run") + " folded (same head, params, seed and entry "
                    + "as a newer run, which is shown; 'frozen runs rm' removes the older records)");
        }
        if (plot != null) {
            for (int g = 0; g < groups.size(); g++) {
                List<Path> files = ComparePlots.write(groups.get(g), g == 0 ? plot : numbered(plot, g + 1));
                err.println("plots" + (groups.size() > 1 ? " for " + groups.get(g).group() : "") + ": "
                        + files.get(0) + ", " + files.get(1));
            }
        }
        err.flush();
        return 0;
    }

    /** No runs matched: say which filter matched nothing and what exists instead. */
    private String noRunsMessage(CompareLoader.Loaded loaded, String headFilter) {
        Path dir = featuresDirOption.dir;
        if (dataset != null && !loaded.datasets().isEmpty() && !loaded.datasets().containsKey(dataset)) {
            return "no runs on dataset '" + dataset + "' under " + dir + "; datasets with runs: "
                    + counts(loaded.datasets()) + " (--dataset takes one of these names, or a kind such as cifar10 or folder)";
        }
        if (pipeline != null && !loaded.pipelines().containsKey(pipeline)) {
            return "no runs of pipeline '" + pipeline + "' under " + dir + "; "
                    + (loaded.pipelines().isEmpty() ? "no run there was fitted by a pipeline ('frozen run FILE.yaml')"
                            : "pipelines with runs: " + counts(loaded.pipelines()));
        }
        String filter = (entry == null ? "" : " for entry '" + entry + "'") + (headFilter == null ? "" : " with head " + headFilter)
                + (dataset == null ? "" : " on dataset '" + dataset + "'") + (pipeline == null ? "" : " of pipeline '" + pipeline + "'");
        return "no runs found under " + dir + filter + "; train one first, e.g. 'frozen fit --head logreg'";
    }

    private static String counts(java.util.Map<String, Integer> byName) {
        List<String> parts = new java.util.ArrayList<>();
        byName.forEach((name, n) -> parts.add(name + " (" + plural(n, "run") + ")"));
        return String.join(", ", parts);
    }

    /** The table width from $COLUMNS: its value when it is a sensible number, otherwise {@link #DEFAULT_WIDTH}. */
    static int widthFrom(String columns) {
        if (columns != null) {
            try {
                int n = Integer.parseInt(columns.strip());
                if (n >= 20 && n <= 10_000) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // not a number: use the default
            }
        }
        return DEFAULT_WIDTH;
    }

    /** One ranked table per test set; JSON is one array and CSV one header over all groups (each row names its group). */
    static String render(List<CompareReport> groups, ReportFormat fmt, int width) {
        if (fmt == ReportFormat.JSON) {
            com.fasterxml.jackson.databind.node.ArrayNode all = dev.frozen.Json.MAPPER.createArrayNode();
            groups.forEach(g -> g.addJson(all));
            return dev.frozen.Json.write(all) + "\n";
        }
        StringBuilder out = new StringBuilder();
        for (int g = 0; g < groups.size(); g++) {
            String text = groups.get(g).render(fmt, width);
            if (fmt == ReportFormat.CSV) {
                out.append(g == 0 ? text : text.substring(text.indexOf('\n') + 1));
                continue;
            }
            if (groups.size() > 1) {
                String title = "test set: " + groups.get(g).group();
                out.append(g == 0 ? "" : "\n").append(fmt == ReportFormat.MARKDOWN ? "### " + title + "\n\n"
                        : cut(title, width) + "\n");
            }
            out.append(text);
        }
        return out.toString();
    }

    private static String cut(String s, int width) {
        return s.length() <= Math.max(70, width) ? s : s.substring(0, Math.max(70, width) - 3) + "...";
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** FILE.png -> FILE-N.png for the N-th group's plots. */
    private static Path numbered(Path plot, int n) {
        String name = plot.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot < 0 ? name + "-" + n : name.substring(0, dot) + "-" + n + name.substring(dot);
        return plot.resolveSibling(numbered);
    }
}
