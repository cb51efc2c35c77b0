package dev.frozen.cli;

import dev.frozen.experiments.runs.RunStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code frozen runs}: housekeeping of fitted runs. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"Manage fitted runs (their records and saved models). 'frozen compare' lists them."},
        subcommands = {RunsCommand.Rm.class, RunsCommand.Export.class, CommandLine.HelpCommand.class})
public final class RunsCommand extends Group {
    /** {@code frozen runs rm}: removes runs, only with {@code --delete}. */
    @Command(name = "rm", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Remove fitted runs: each run's record (<entry>/runs/<id>.json) and saved model (<id>.model/).",
                "This deletes results. Without --delete it only shows what would be removed (a dry run).",
                "A run is its record file: RUN names <id>.json, and only it and <id>.model/ are removed, whatever",
                "run_id or model_file a copied or edited record says inside.",
                "",
                "Examples:",
                "  frozen runs rm 20261128-101500-123-logreg-ab12cd            # dry run: what would go",
                "  frozen runs rm 20261128-101500-123-logreg-ab12cd --delete   # remove it",
                "  frozen runs rm 20261128-10 20261128-11 --delete             # unique id prefixes work too",
                ""})
    public static final class Rm extends Task {
        @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run ids, or unique prefixes of them.")
        List<String> runs;

        @Mixin
        FeaturesDirOption featuresDirOption;

        @Option(names = "--delete", description = "Really remove the runs (default: dry run, nothing is removed).")
        boolean delete;

        @Override
        public Integer call() {
            // Resolve every id first, so a typo in the last one removes nothing.
            // Keyed by record file: a run is its file, whatever run_id a copied record carries inside.
            Map<Path, RunStore.StoredRun> found = new LinkedHashMap<>();
            for (String id : runs) {
                RunStore.StoredRun run = RunStore.find(featuresDirOption.dir, id, err()::println);
                found.put(run.recordFile(), run);
            }
            for (RunStore.StoredRun run : found.values()) {
                String what = run.recordFile() + (java.nio.file.Files.isDirectory(run.modelDir())
                        ? " and " + run.modelDir() : ", which has no model folder");
                String note = run.inconsistency() == null ? "" : "; note: the record is inconsistent, " + run.inconsistency()
                        + ", and only this record and its own model folder are removed";
                if (delete) {
                    RunStore.remove(run);
                    out().println("removed run " + run.id() + " (" + what + ")" + note);
                } else {
                    out().println("would remove run " + run.id() + " (" + what + ")" + note);
                }
            }
            if (!delete) {
                out().println("dry run: nothing was removed; add --delete to remove " + found.size() + " run(s)");
            }
            return 0;
        }
    }

    /** {@code frozen runs export}: runs in MLflow's file-store layout, for {@code mlflow ui}. */
    @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Write fitted runs (all, or the ones named) as an MLflow tracking store: DIR/<experiment>/<run>/ with",
                "meta.yaml, params/, metrics/ and tags/, in the layout of MLflow's file store, so that",
                "'mlflow ui --backend-store-uri DIR' shows them. No MLflow or Python is needed to write it.",
                "One experiment per dataset; params are the head's options and settings, metrics the accuracies,",
                "times and row counts, tags the provenance (entry, weights SHA-256, head, frozen version); the",
                "feature entry is the run's dataset input. DIR is written whole: --force replaces an earlier export.",
                "",
                "Examples:",
                "  frozen runs export --format mlflow -o mlruns",
                "  mlflow ui --backend-store-uri mlruns",
                "  frozen runs export 20261128-101500-123-logreg-ab12cd -o mlruns --force",
                "  frozen runs export --head svm --features cifar10-vgg16-block5_pool-48px-imagenet-1a2b3c4d -o mlruns",
                ""})
    public static final class Export extends Task {
        @Parameters(arity = "0..*", paramLabel = "RUN", description = "Run ids or unique prefixes (default: every run).")
        List<String> runs;

        @Option(names = "--format", paramLabel = "mlflow", defaultValue = "mlflow",
                description = "Output format (default: ${DEFAULT-VALUE}; the only one so far).")
        String format;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
                description = "The MLflow store folder to write (it must not exist, or give --force).")
        Path output;

        @Option(names = {"--features", "--entry"}, paramLabel = "ENTRY", description = "Only runs on this feature entry.")
        String entry;

        @Option(names = "--head", paramLabel = "HEAD", description = "Only runs of this head: ${COMPLETION-CANDIDATES}.",
                completionCandidates = HeadNames.class)
        String head;

        @Option(names = "--force", description = "Replace DIR if it holds an earlier MLflow export.")
        boolean force;

        @Mixin
        FeaturesDirOption featuresDirOption;

        @Override
        public Integer call() {
            if (!"mlflow".equalsIgnoreCase(format.strip())) {
                throw new dev.frozen.UsageError("--format must be mlflow (got " + format + ")");
            }
            String headFilter = head == null ? null : dev.frozen.heads.HeadKinds.parse(head).id();
            List<RunStore.StoredRun> selected = new java.util.ArrayList<>();
            if (runs != null && !runs.isEmpty()) {
                Map<String, RunStore.StoredRun> found = new LinkedHashMap<>();
                for (String id : runs) {
                    RunStore.StoredRun run = RunStore.find(featuresDirOption.dir, id, err()::println);
                    found.put(run.record().runId(), run);
                }
                selected.addAll(found.values());
            } else {
                selected.addAll(RunStore.list(featuresDirOption.dir, entry, err()::println));
            }
            selected.removeIf(r -> (headFilter != null && !headFilter.equals(r.record().head()))
                    || (entry != null && !entry.equals(r.entryName())));
            var result = dev.frozen.export.MlflowExport.write(selected, output, force, err()::println);
            result.runsByExperiment().forEach((name, n) -> out().println("experiment '" + name + "': " + n + " run(s)"));
            out().println("wrote " + result.dir() + "; view it with: mlflow ui --backend-store-uri " + result.dir());
            return 0;
        }
    }
}
