package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.TestManifests;
import dev.frozen.heads.Blobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {
    @TempDir
    Path tmp;

    private void assertUsage(String expectedInErr, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expectedInErr), r.err());
    }

    @Test
    void invalidOptionsExitWithTwo() {
        String dir = tmp.toString();
        assertUsage("--head must be one of svm, logreg, dense, knn (got forest)", "fit", "--features-dir", dir, "--head", "forest");
        assertUsage("--C must be > 0 (got 0.0)", "fit", "--features-dir", dir, "--head", "svm", "--C", "0");
        assertUsage("--C must be > 0 (got -1.0)", "fit", "--features-dir", dir, "--head", "svm", "--C", "-1");
        assertUsage("--dropout must be in [0, 1) (got 1.0)", "fit", "--features-dir", dir, "--head", "dense", "--dropout", "1");
        assertUsage("--dropout must be in [0, 1) (got -0.2)", "fit", "--features-dir", dir, "--head", "dense", "--dropout", "-0.2");
        assertUsage("--kernel must be one of linear, rbf", "fit", "--features-dir", dir, "--head", "svm", "--kernel", "poly");
        assertUsage("--gamma applies to kernel rbf only", "fit", "--features-dir", dir, "--head", "svm", "--gamma", "0.1");
        assertUsage("--C does not apply to head dense", "fit", "--features-dir", dir, "--head", "dense", "--C", "1");
        assertUsage("--val-fraction must be in [0, 1)", "fit", "--features-dir", dir, "--head", "logreg", "--val-fraction", "1");
        assertUsage("--lambda must be >= 0", "fit", "--features-dir", dir, "--head", "logreg", "--lambda", "-1");
        assertUsage("--epochs must be >= 1", "fit", "--features-dir", dir, "--head", "dense", "--epochs", "0");
        assertUsage("Missing required option", "fit", "--features-dir", dir);
        // A key whose flag is not the key's own is named by its flag.
        assertUsage("--reinit-trainable re-initialises the trainable blocks", "fit", "--features-dir", dir, "--head", "dense",
                "--reinit-trainable");
    }

    @Test
    void noFeaturesIsADataError() {
        CliRun r = CliRun.of("fit", "--features-dir", tmp.resolve("none").toString(), "--head", "logreg");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("run 'frozen extract' first"), r.err());
    }

    @Test
    void helpTeachesTheDefaults() {
        CliRun r = CliRun.of("fit", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("default: 0.1"), r.out());
        assertTrue(r.out().contains("DROPPED"), r.out());
    }

    @Test
    void aDenseHeadTooLargeForMemoryIsRefusedBeforeTraining() throws Exception {
        Blobs blobs = new Blobs(4, 6, 5);
        FeatureSet train = blobs.sample(40, 1);
        FeatureSet test = blobs.sample(20, 2);
        Path features = tmp.resolve("features");
        FeatureStore.write(features, TestManifests.of("blobs", train.dim(), 40, 20, train.classNames()), train, test);

        CliRun r = CliRun.of("fit", "--features-dir", features.toString(), "--head", "dense", "--hidden", "100000000");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.cleanError() && r.err().startsWith("error: --hidden 100000000 needs about "), r.err());
        assertTrue(r.err().contains("the largest hidden size that fits is "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        try (var runs = Files.list(features.resolve("blobs/runs"))) {
            assertEquals(0, runs.count(), "nothing recorded");
        } catch (java.nio.file.NoSuchFileException e) {
            // no runs folder at all is as good
        }
    }

    @Test
    void anUnwritableRunsFolderFailsBeforeTraining() throws Exception {
        Blobs blobs = new Blobs(4, 6, 5);
        FeatureSet train = blobs.sample(40, 1);
        FeatureSet test = blobs.sample(20, 2);
        Path features = tmp.resolve("features");
        FeatureStore.write(features, TestManifests.of("blobs", train.dim(), 40, 20, train.classNames()), train, test);
        // Tests run as root, which writes into read-only folders; a file where runs/ belongs fails the same probe.
        Files.writeString(features.resolve("blobs/runs"), "not a folder");

        CliRun r = CliRun.of("fit", "--features-dir", features.toString(), "--head", "logreg");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.cleanError() && r.err().contains("cannot write runs into ") && r.err().contains("nothing was trained"),
                r.err());
        assertFalse(r.out().contains("test accuracy"), r.out());
    }

    @Test
    void fitsEndToEndOnAStoredEntry() throws Exception {
        Blobs blobs = new Blobs(4, 6, 5);
        FeatureSet train = blobs.sample(120, 1);
        FeatureSet test = blobs.sample(40, 2);
        Path features = tmp.resolve("features");
        FeatureStore.write(features, TestManifests.of("blobs", train.dim(), 120, 40, train.classNames()), train, test);

        CliRun r = CliRun.of("fit", "--features-dir", features.toString(), "--head", "svm", "--C", "0.5", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("test accuracy: 1.0000"), r.out());
        Matcher m = Pattern.compile("run record:\\s+(\\S+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        RunRecord record = RunStore.read(Path.of(m.group(1)));
        assertEquals("svm", record.head());
        assertEquals(0.5, record.params().get("C"));
        assertEquals(3, record.seed());
        assertEquals("blobs", record.featuresEntry());
        assertEquals("block5_pool", record.layer());
        assertEquals(108, record.trainRows());
        assertEquals(12, record.valRows());
        assertTrue(Files.isRegularFile(features.resolve("blobs/runs").resolve(record.modelFile()).resolve("head.json")));

        CliRun table = CliRun.of("compare", "--features-dir", features.toString());
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("* 1  ") && l.contains("  svm  ") && l.contains("C=0.5")),
                table.out());

        CliRun search = CliRun.of("fit", "--features-dir", features.toString(), "--head", "svm", "--C", "0.001,0.5", "--seed", "3");
        assertEquals(0, search.code(), search.err());
        Matcher s = Pattern.compile("run record:\\s+(\\S+)").matcher(search.out());
        assertTrue(s.find(), search.out());
        RunRecord searched = RunStore.read(Path.of(s.group(1)));
        assertEquals(2, searched.search().size());
        assertEquals(120, searched.trainRows(), "the chosen setting is refitted on train + validation");
        assertUsage("--cv: expected at least 2 folds", "fit", "--features-dir", features.toString(), "--head", "svm", "--cv", "1");
        assertUsage("more than 1 settings", "fit", "--features-dir", features.toString(), "--head", "svm", "--C", "1,2",
                "--max-settings", "1");
        assertUsage("--lambda does not apply to head svm", "fit", "--features-dir", features.toString(), "--head", "svm",
                "--lambda", "1,2");
        assertUsage("--C", "fit", "--features-dir", features.toString(), "--head", "svm", "--C", "");
        assertUsage("--cv 50: expected at most as many folds", "fit", "--features-dir", features.toString(), "--head", "svm",
                "--cv", "50");
    }
}
