package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.FrozenHome;
import dev.frozen.data.Fixtures;
import dev.frozen.features.FeatureStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The features folder: flag over $FROZEN_FEATURES_DIR over ./features, the notice, and remembered folders. */
class FeaturesDirTest {
    @TempDir Path tmp;
    Path data;
    Path home;

    @BeforeEach
    void setUp() throws Exception {
        data = Fixtures.cifarFolder(tmp, 3);
        home = tmp.resolve("home");
    }

    /** Runs the CLI; {@code err} holds both the error stream and the progress stream (System.err), where notices go. */
    private CliRun run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        java.io.ByteArrayOutputStream progress = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(progress, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), new FrozenHome(home), env::get);
        } finally {
            System.setErr(saved);
        }
        return new CliRun(code, out.toString(), progress.toString(java.nio.charset.StandardCharsets.UTF_8) + err);
    }

    private CliRun extract(Map<String, String> env, String... extra) {
        String[] base = {"extract", "--data", data.toString(), "--input-size", "32", "--weights", "random:3"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return run(env, args);
    }

    @Test
    void theEnvironmentVariableReplacesTheDefaultAndTheFlagWinsOverIt() {
        Path fromEnv = tmp.resolve("env-features");
        CliRun first = extract(Map.of(FeaturesDirOption.ENV, fromEnv.toString()));
        assertEquals(0, first.code(), first.toString());
        assertEquals(1, FeatureStore.list(fromEnv).size());
        assertTrue(first.err().contains("features folder: " + fromEnv + " (new: created now)"), first.err());

        Path flag = tmp.resolve("flag-features");
        CliRun second = extract(Map.of(FeaturesDirOption.ENV, fromEnv.toString()), "--features-dir", flag.toString());
        assertEquals(0, second.code(), second.toString());
        assertEquals(1, FeatureStore.list(flag).size());
        assertEquals(1, FeatureStore.list(fromEnv).size());

        CliRun compare = run(Map.of(FeaturesDirOption.ENV, fromEnv.toString()), "compare");
        assertTrue(compare.err().contains("no runs found under " + fromEnv), compare.toString());
    }

    @Test
    void everyExtractNamesItsFolderAndSaysWhetherItIsNew() {
        Path a = tmp.resolve("a");
        CliRun first = extract(Map.of(), "--features-dir", a.toString());
        assertTrue(first.err().contains("features folder: " + a + " (new: created now)"), first.err());
        CliRun again = extract(Map.of(), "--features-dir", a.toString());
        assertTrue(again.out().startsWith("cache hit: "), again.out());
        assertTrue(again.err().contains("features folder: " + a + " (1 entry)"), again.err());
        assertFalse(again.err().contains("already extracted"), again.err());
    }

    @Test
    void aRememberedFolderWithTheSameEntryIsPointedTo() {
        Path a = tmp.resolve("a");
        assertEquals(0, extract(Map.of(), "--features-dir", a.toString()).code());
        assertTrue(new FrozenHome(home).knownFeaturesDirs().contains(a));

        Path b = tmp.resolve("b");
        CliRun elsewhere = extract(Map.of(), "--features-dir", b.toString());
        assertEquals(0, elsewhere.code(), elsewhere.toString());
        assertTrue(elsewhere.err().contains("already extracted in " + a + ": pass --features-dir " + a), elsewhere.err());
        assertEquals(1, FeatureStore.list(b).size(), "the hint does not stop the extraction");

        Path empty = tmp.resolve("c");
        CliRun fit = run(Map.of(), "fit", "--head", "logreg", "--features-dir", empty.toString());
        assertEquals(1, fit.code(), fit.toString());
        assertTrue(fit.err().contains("found in " + b + ": pass --features-dir " + b), fit.err());
        assertTrue(fit.err().lines().filter(l -> l.startsWith("error: ")).count() == 1 && !fit.err().contains("\tat "), fit.err());

        CliRun predict = run(Map.of(), "predict", "--run", "abc", "--features-dir", empty.toString(), data.toString());
        assertFalse(predict.err().contains("found in"), "no remembered folder has that run: " + predict.err());

        // The entry named by its dataset; then compare in the empty folder points to the folder with runs.
        CliRun fitB = run(Map.of(), "fit", "--head", "logreg", "--val-fraction", "0", "--features", "cifar10",
                "--features-dir", b.toString());
        assertEquals(0, fitB.code(), fitB.toString());
        CliRun compare = run(Map.of(), "compare", "--features-dir", empty.toString());
        assertEquals(1, compare.code(), compare.toString());
        assertTrue(compare.err().contains("found in " + b + ": pass --features-dir " + b), compare.err());
    }
}
