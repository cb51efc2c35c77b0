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
            "Reads <features-dir>/*/runs/*.json. Columns: rank, head, key params, feature entry, layer,",
            "input size in pixels, validation accuracy ('-' when none was held out), test accuracy and",
            "fit time in seconds. A '!' after the rank marks a stale run: its entry was re-extracted since",
            "and now holds different features (JSON: \"stale\": true; CSV: a stale column). Refit it.",
            "",
            "--plot FILE.png writes two images: FILE.png, a bar chart of test accuracy per run, and",
            "FILE-confusion.png, the confusion matrix of the best run (rows = true class, normalised).",
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

    @Option(names = "--features-dir", paramLabel = "DIR", defaultValue = "features",
            description = "Folder holding feature entries (default: ${DEFAULT-VALUE}).")
    Path featuresDir;

    @Option(names = "--entry", paramLabel = "ENTRY", description = "Only runs on this feature entry.")
    String entry;

    @Option(names = "--head", paramLabel = "svm|logreg|dense", description = "Only runs of this head.")
    String head;

    @Option(names = "--format", paramLabel = "table|markdown|csv|json", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also draw FILE.png (accuracy bars) and FILE-confusion.png (best run's confusion matrix).")
    Path plot;

    @Override
    public Integer call() {
        ReportFormat fmt = ReportFormat.parse(format);
        String headFilter = head == null ? null : HeadKind.parse(head).id();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CompareReport report = CompareReport.load(featuresDir, entry, headFilter, err::println);
        if (report.isEmpty()) {
            String filter = (entry == null ? "" : " for entry '" + entry + "'") + (headFilter == null ? "" : " with head " + headFilter);
            throw new DataError("no runs found under " + featuresDir + filter + "; train one first, e.g. 'frozen fit --head logreg'");
        }
        out.print(report.render(fmt));
        out.flush();
        if (plot != null) {
            List<Path> files = ComparePlots.write(report, plot);
            err.println("plots: " + files.get(0) + ", " + files.get(1));
            err.flush();
        }
        return 0;
    }
}
