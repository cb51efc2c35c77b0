package dev.frozen.cli;

import dev.frozen.DataError;
import dev.frozen.experiments.ComparePlots;
import dev.frozen.experiments.CompareReport;
import dev.frozen.experiments.ReportFormat;
import dev.frozen.heads.HeadKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code compare} verb: ranks recorded runs by test accuracy and prints or plots them. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Rank the recorded runs (from 'frozen fit') by test accuracy, best first; the best is marked.",
            "",
            "Reads <features-dir>/*/runs/*.json and prints one table per test set (runs are grouped by the",
            "fingerprint of their entry's dataset: runs scored on different rows are never ranked together).",
            "Columns: rank, run id (shortest unique prefix, accepted by 'predict --run'), head, key params,",
            "settings tried by a search, feature entry, layer, input size, validation accuracy ('-' when none",
            "was held out), test accuracy, its 95% Wilson interval, the exact McNemar p-value against the",
            "best run on the same rows, and fit time in seconds. '*' marks the best run and every run not",
            "significantly worse (p >= 0.05): several runs can be best. --format json adds macro_f1,",
            "per_class_accuracy, and log_loss and ece (15 bins) for heads that give probabilities. A '!' after the rank marks a stale run: its entry was re-extracted since",
            "and now holds different features (JSON: \"stale\": true; CSV: a stale column). Refit it.",
            "",
            "--plot FILE.png writes two images per test set: FILE.png, a bar chart of test accuracy per run,",
            "and FILE-confusion.png, the best run's confusion matrix (rows = true class, normalised); further",
            "test sets go to FILE-2.png, FILE-3.png, ... Use --features or --dataset to choose one.",
            "",
            "Examples:",
            "  frozen compare",
            "  frozen compare --head svm --format markdown",
            "  frozen compare --format csv > runs.csv",
            "  frozen compare --plot results/accuracy.png",
            ""
        })
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FeaturesDirOption featuresDirOption;

    @Option(names = {"--features", "--entry"}, paramLabel = "ENTRY", description = "Only runs on this feature entry (its name, a unique prefix or a dataset name).")
    String entry;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Only runs on entries of this dataset (its name, e.g. cifar10 or a folder name, or its kind).")
    String dataset;

    @Option(names = "--head", paramLabel = "svm|logreg|dense|knn", description = "Only runs of this head.")
    String head;

    @Option(names = "--format", paramLabel = "table|markdown|csv|json", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also draw FILE.png (accuracy bars) and FILE-confusion.png (best run's confusion matrix).")
    Path plot;

    @picocli.CommandLine.ParentCommand
    Main main; // for the remembered features folders (FrozenHome)

    @Override
    public Integer call() {
        ReportFormat fmt = ReportFormat.parse(format);
        String headFilter = head == null ? null : HeadKind.parse(head).id();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String entryName = entry == null ? null : featuresDirOption.withHint(main.home(), FeaturesDirOption.hasEntry(entry),
                () -> dev.frozen.features.EntryNames.resolve(featuresDirOption.dir, entry));
        List<CompareReport> groups = CompareReport.loadGroups(featuresDirOption.dir, entryName, headFilter, dataset, err::println);
        if (groups.isEmpty()) {
            String filter = (entry == null ? "" : " for entry '" + entryName + "'") + (headFilter == null ? "" : " with head " + headFilter);
            throw new DataError("no runs found under " + featuresDirOption.dir + filter + "; train one first, e.g. 'frozen fit --head logreg'"
                    + (entry == null && headFilter == null && dataset == null ? featuresDirOption.hint(main.home(), FeaturesDirOption.hasRun(null)) : ""));
        }
        out.print(render(groups, fmt));
        out.flush();
        if (plot != null) {
            for (int g = 0; g < groups.size(); g++) {
                List<Path> files = ComparePlots.write(groups.get(g), g == 0 ? plot : numbered(plot, g + 1));
                err.println("plots" + (groups.size() > 1 ? " for " + groups.get(g).group() : "") + ": "
                        + files.get(0) + ", " + files.get(1));
            }
            err.flush();
        }
        return 0;
    }

    /** One ranked table per test set; JSON is one array and CSV one header over all groups (each row names its group). */
    static String render(List<CompareReport> groups, ReportFormat fmt) {
        if (fmt == ReportFormat.JSON) {
            com.fasterxml.jackson.databind.node.ArrayNode all = dev.frozen.Json.MAPPER.createArrayNode();
            groups.forEach(g -> g.addJson(all));
            return dev.frozen.Json.write(all) + "\n";
        }
        StringBuilder out = new StringBuilder();
        for (int g = 0; g < groups.size(); g++) {
            String text = groups.get(g).render(fmt);
            if (fmt == ReportFormat.CSV) {
                out.append(g == 0 ? text : text.substring(text.indexOf('\n') + 1));
                continue;
            }
            if (groups.size() > 1) {
                out.append(g == 0 ? "" : "\n").append(fmt == ReportFormat.MARKDOWN ? "### " : "").append("test set: ")
                        .append(groups.get(g).group()).append(fmt == ReportFormat.MARKDOWN ? "\n\n" : "\n");
            }
            out.append(text);
        }
        return out.toString();
    }

    /** FILE.png -> FILE-N.png for the N-th group's plots. */
    private static Path numbered(Path plot, int n) {
        String name = plot.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot < 0 ? name + "-" + n : name.substring(0, dot) + "-" + n + name.substring(dot);
        return plot.resolveSibling(numbered);
    }
}
