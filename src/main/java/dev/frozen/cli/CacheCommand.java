package dev.frozen.cli;

import dev.frozen.experiments.runs.Housekeeping;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code frozen cache}: housekeeping of the features folder. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = {"Manage the features folder (the cache of extracted features)."},
        subcommands = {CacheCommand.Prune.class, CacheCommand.Pull.class, CacheCommand.Export.class,
            CommandLine.HelpCommand.class})
public final class CacheCommand extends Group {
    /** {@code frozen cache prune}: lists, and with {@code --delete} removes, what is safe to remove. */
    @Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Free space in the features folder. Candidates:",
                "  - <entry>.partial folders of interrupted extractions (a rerun of that extract would resume them),",
                "  - <entry>.lock files that no process holds,",
                "  - hidden leftovers of interrupted fits in <entry>/runs/ (older than two minutes),",
                "  - .<entry>.removing folders of an interrupted prune,",
                "  - complete entries that no fitted run uses (they are a cache: 'frozen extract' rebuilds them);",
                "    --leftovers-only keeps these.",
                "Fitted runs are never pruned ('frozen runs rm' removes runs). Anything a running extraction,",
                "fit or predict uses is skipped, and said so. Without --delete nothing is removed: it only lists",
                "(a dry run).",
                "",
                "Examples:",
                "  frozen cache prune                     # dry run: list what would be removed",
                "  frozen cache prune --delete           # remove it",
                "  frozen cache prune --leftovers-only --delete",
                ""})
    public static final class Prune extends Task {
        @Mixin
        FeaturesDirOption featuresDirOption;

        @Option(names = "--delete", description = "Really remove the candidates (default: dry run, nothing is removed).")
        boolean delete;

        @Option(names = "--leftovers-only", description = "Keep complete entries even when no run uses them.")
        boolean leftoversOnly;

        @Override
        public Integer call() {
            List<Housekeeping.Item> items = Housekeeping.candidates(featuresDirOption.dir, !leftoversOnly);
            long total = 0;
            int done = 0;
            int inUse = 0;
            for (Housekeeping.Item item : items) {
                String line = item.path() + "  (" + item.reason() + ", " + mb(item.bytes()) + ")";
                if (!delete && Housekeeping.inUse(item)) {
                    out().println("would skip    " + item.path() + "  (in use now by an extract, fit or predict)");
                    inUse++;
                } else if (!delete) {
                    out().println("would remove  " + line);
                    total += item.bytes();
                } else if (Housekeeping.remove(item)) {
                    out().println("removed       " + line);
                    total += item.bytes();
                    done++;
                } else {
                    out().println("skipped       " + item.path() + "  (in use now by an extract, fit or predict; kept)");
                    inUse++;
                }
            }
            String skipped = inUse == 0 ? "" : "; " + inUse + " in use, " + (delete ? "skipped" : "would be skipped");
            if (items.isEmpty()) {
                out().println("nothing to prune in " + featuresDirOption.dir);
            } else if (!delete) {
                out().println((items.size() - inUse) + " item(s), " + mb(total) + skipped
                        + "; dry run: nothing was removed, add --delete to remove them");
            } else {
                out().println("removed " + done + " item(s), " + mb(total) + skipped);
            }
            return 0;
        }

        private static String mb(long bytes) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
    }

    /** {@code frozen cache pull}: a checksum-verified local copy of an entry kept on shared storage. */
    @Command(name = "pull", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Copy a feature entry from another features folder (shared storage such as NFS, where an",
                "'extract --spark' wrote it) into the local one. Every data file's SHA-256 is checked against the",
                "manifest on the local copy before the entry is published; nothing half-copied is ever visible.",
                "Fitted runs are not copied. An entry already present with the same manifest is left as it is.",
                "",
                "Examples:",
                "  frozen cache pull --from /mnt/shared/features                 # the only entry there",
                "  frozen cache pull --from /mnt/shared/features --entry cifar10-vgg16-block5_pool-48px-imagenet-1a2b3c4d",
                "  frozen cache pull --from hdfs://namenode/shared/features    # through Hadoop (Spark's client)",
                ""})
    public static final class Pull extends Task {
        @Option(names = "--from", required = true, paramLabel = "DIR|URI", description = "The features folder to copy from: "
                + "a path, a file: URI, or a Hadoop URI (hdfs://..., s3a://... with its connector) where 'extract --spark' "
                + "wrote entries.")
        String from;

        @Option(names = "--entry", paramLabel = "NAME", description = "Which entry: its name, a unique prefix or a dataset name (default: the only one in --from).")
        String entry;

        @Mixin
        FeaturesDirOption featuresDirOption;

        @Override
        public Integer call() {
            var result = dev.frozen.LocalPaths.isOtherUri(from)
                    ? ((Main) spec.root().userObject()).distributed().pull(from, entry, featuresDirOption.dir)
                    : dev.frozen.features.EntryCopy.pull(ExtractCommand.fromFileUri(from, "--from"), entry, featuresDirOption.dir);
            if (result.alreadyPresent()) {
                out().println("already present: " + result.entry().dir() + " (same manifest); nothing copied");
            } else {
                out().println("pulled " + result.entry().dir() + " (" + result.entry().manifest().files().size()
                        + " data files, " + String.format(Locale.ROOT, "%.1f MB", result.bytes() / 1e6) + ", SHA-256 verified)");
            }
            return 0;
        }
    }

    /** {@code frozen cache export}: an entry's splits as Parquet files for pandas, polars, DuckDB or Spark. */
    @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Write each split of a feature entry (train, test) as one Parquet file, DIR/<split>.parquet: one row",
                "per image with row_index (int64, the row's position in its split, i.e. the dataset's order),",
                "original_row (int64, the image a row was made from: row_index itself, or for an augmented copy in",
                "train its original's row_index), label (int32), label_name (string) and features (a list of float32),",
                "or with --wide one float32 column per feature (f0000, f0001, ...). The manifest's provenance (entry,",
                "weights SHA-256, layer, input size, preprocessing, precision, pooling, augment, frozen version) is in",
                "each file's key-value metadata.",
                "Entries written as shards (extract --spark) export as one file per split. Files appear only when",
                "every split was written and checked; an existing file is replaced only with --force.",
                "",
                "Examples:",
                "  frozen cache export -o exported/                 # the only entry",
                "  frozen cache export cifar10-vgg16-block5_pool-48px-imagenet-1a2b3c4d --format parquet -o exported/",
                "  frozen cache export -o exported/ --wide --force",
                ""})
    public static final class Export extends Task {
        @CommandLine.Parameters(arity = "0..1", paramLabel = "ENTRY",
                description = "Feature entry to export; may be left out when there is only one.")
        String entry;

        @Option(names = "--format", paramLabel = "parquet", defaultValue = "parquet",
                description = "Output format (default: ${DEFAULT-VALUE}; the only one so far).")
        String format;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
                description = "Folder to write <split>.parquet into (created if absent).")
        Path output;

        @Option(names = "--wide", description = "One float32 column per feature (f0000, ...) instead of the list column"
                + " 'features' (at most " + dev.frozen.export.ParquetExport.MAX_WIDE_COLUMNS + " features).")
        boolean wide;

        @Option(names = "--force", description = "Replace existing <split>.parquet files in DIR.")
        boolean force;

        @Mixin
        FeaturesDirOption featuresDirOption;

        @Override
        public Integer call() {
            if (!"parquet".equalsIgnoreCase(format.strip())) {
                throw new dev.frozen.UsageError("--format must be parquet (got " + format + ")");
            }
            try {
                Class.forName("org.apache.parquet.hadoop.ParquetWriter", false, Export.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new dev.frozen.UsageError("cache export needs the Parquet library on the class path, found none; run"
                        + " it through ./frozen (which adds target/parquet-lib for it)");
            }
            dev.frozen.features.FeatureEntry resolved = dev.frozen.features.FeatureStore.resolve(featuresDirOption.dir, entry);
            for (var w : dev.frozen.export.ParquetExport.write(resolved, output, wide, force)) {
                out().println("wrote " + w.file() + " (" + w.rows() + " rows, " + String.format(Locale.ROOT, "%.1f MB",
                        w.bytes() / 1e6) + ")");
            }
            return 0;
        }
    }
}
