package dev.frozen.cli;

import dev.frozen.DataError;
import dev.frozen.data.Split;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.Integrity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code frozen verify}: recomputes the checksums of cached Arrow files and compares them with the manifests. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check cached feature files against the sizes and SHA-256 sums in their manifests.",
            "Exits 1 if any file is missing, truncated or corrupted; rerun 'frozen extract --force' for that entry."})
public final class VerifyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "ENTRY", description = "Entry to check (default: all entries).")
    String entry;

    @Option(names = "--features-dir", defaultValue = "features", paramLabel = "DIR",
            description = "Where cache entries live (default: ${DEFAULT-VALUE}).")
    Path featuresDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<FeatureEntry> entries = entry == null ? FeatureStore.list(featuresDir)
                : List.of(FeatureStore.resolve(featuresDir, entry));
        if (entries.isEmpty()) {
            throw new DataError("expected feature entries in " + featuresDir + ", found none; run 'frozen extract' first");
        }
        int bad = 0;
        for (FeatureEntry e : entries) {
            for (Split split : Split.values()) {
                try {
                    Integrity.check(e.arrowFile(split), e.manifest());
                    out.println("ok    " + e.name() + "/" + split.fileStem() + ".arrow");
                } catch (DataError failure) {
                    bad++;
                    out.println("FAIL  " + e.name() + "/" + split.fileStem() + ".arrow: " + failure.getMessage());
                }
            }
        }
        if (bad > 0) {
            throw new DataError(bad + " of " + 2 * entries.size() + " feature files failed verification in " + featuresDir
                    + "; rerun 'frozen extract --force' with the same settings for the entries marked FAIL");
        }
        return 0;
    }
}
