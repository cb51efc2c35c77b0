package dev.frozen.cli;

import dev.frozen.DataError;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.PartialEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code frozen verify}: checks every entry's manifest and files, and lists leftovers of interrupted work. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check cached feature entries against their manifests and checksums.",
            "",
            "Each manifest is checked against its recorded SHA-256 and against the copy inside its Arrow files, and",
            "each file's size, SHA-256, row count and row digest against the manifest.",
            "Also lists leftovers of interrupted work (<entry>.partial folders, half-published runs); they are",
            "not errors: rerun the same extract to resume, or remove them with 'frozen cache prune --delete'.",
            "Exits 1 if any entry fails; rebuild it with 'frozen extract --force' and the entry's settings",
            "(fitted runs are kept).",
            "",
            "Examples:",
            "  frozen verify",
            "  frozen verify cifar10-vgg16-block5_pool-48px-3f2a9c1d",
            ""})
public final class VerifyCommand extends Task {
    @Parameters(arity = "0..1", paramLabel = "ENTRY", description = "Entry to check: its name, a unique prefix or a dataset name (default: all entries).")
    String entry;

    @Mixin
    FeaturesDirOption featuresDirOption;

    @Override
    public Integer call() {
        List<Path> dirs = entry == null ? FeatureStore.entryDirs(featuresDirOption.dir)
                : List.of(FeatureStore.resolveDir(featuresDirOption.dir, entry));
        List<Path> partials = entry == null ? FeatureStore.partialDirs(featuresDirOption.dir) : List.of();
        if (dirs.isEmpty() && partials.isEmpty()) {
            throw new DataError("expected feature entries in " + featuresDirOption.dir + ", found none; run 'frozen extract' first");
        }
        int bad = 0;
        int denied = 0;
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            Map<String, String> results;
            dev.frozen.features.Manifest manifest = null;
            try {
                var opened = FeatureStore.open(dir);
                manifest = opened.manifest();
                results = opened.verify();
            } catch (DataError failure) {
                results = Map.of(FeatureStore.MANIFEST, failure.getMessage());
            }
            boolean entryBad = false;
            for (Map.Entry<String, String> r : results.entrySet()) {
                if (r.getValue() == null) {
                    out().println("ok    " + name + "/" + r.getKey());
                } else {
                    entryBad = true;
                    out().println("FAIL  " + name + "/" + r.getKey() + ": " + dev.frozen.Setting.render(r.getValue(), dev.frozen.Setting.FLAGS));
                }
            }
            if (entryBad && manifest != null) { // the command with the entry's own settings, not the defaults
                out().println("      rebuild: " + ExtractCommandLine.of(new dev.frozen.features.ExtractHint(manifest,
                        featuresDirOption.dir, manifest.layer())) + " --force");
            }
            bad += entryBad ? 1 : 0;
            // Unreadable or inconsistent run records (a copy whose run_id names another run): reported, never used.
            RunStore.list(featuresDirOption.dir, name, w -> out().println("note  "
                    + dev.frozen.Setting.render(w.replaceFirst("^warning: ", ""), dev.frozen.Setting.FLAGS)));
            denied += entryBad && results.values().stream().allMatch(p -> p == null || deniedProblem(p)) ? 1 : 0;
            for (Path left : RunStore.leftovers(dir.resolve(RunStore.DIR), 0)) {
                out().println("note  leftover " + featuresDirOption.dir.relativize(left) + " (from an interrupted fit or run removal;"
                        + " 'frozen cache prune --delete' removes it)");
            }
        }
        for (Path left : entry == null ? dev.frozen.FileTrees.children(featuresDirOption.dir) : List.<Path>of()) {
            String leftName = left.getFileName().toString();
            if (leftName.startsWith(".") && leftName.endsWith(".removing") && java.nio.file.Files.isDirectory(left)) {
                out().println("note  leftover " + leftName + " (of an interrupted 'cache prune'; not an entry, 'frozen cache"
                        + " prune --delete' removes it)");
            }
        }
        for (Path partial : partials) {
            String what = PartialEntry.isLocked(partial) ? "an extraction in progress"
                    : "an interrupted extraction; rerun it to resume, or 'frozen cache prune --delete' removes it";
            out().println("note  leftover " + partial.getFileName() + " (" + PartialEntry.committedWork(partial)
                    + " of " + what + ")");
        }
        if (bad > 0) {
            throw new DataError(failure(bad, denied, dirs.size(), featuresDirOption.dir));
        }
        return 0;
    }

    /** True for a problem that is only a missing read permission (the message names it first, see ArrowFeatures). */
    static boolean deniedProblem(String problem) {
        return problem.startsWith("permission denied") || problem.contains("found permission denied");
    }

    /**
     * The closing line: entries that could not be read for lack of permission need access, not a rebuild (which
     * another user could not do anyway); only the others are rebuilt.
     */
    static String failure(int bad, int denied, int total, Path dir) {
        String head = bad + " of " + total + " feature entries failed verification in " + dir + "; ";
        String rebuild = "rebuild each entry marked FAIL with the 'rebuild:' command under it (or 'frozen extract --force' "
                + "and the entry's settings; fitted runs are kept)";
        if (denied == bad) {
            return head + "permission denied: " + dev.frozen.features.FeatureStore.GRANT_READ;
        }
        return head + (denied > 0 ? denied + " of them only for permission denied (" + dev.frozen.features.FeatureStore.GRANT_READ
                + "); for the others, " : "") + rebuild;
    }
}
