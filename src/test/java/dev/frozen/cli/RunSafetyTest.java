package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.backbone.TestH5;
import dev.frozen.backbone.Vgg16Weights;
import dev.frozen.data.Split;
import dev.frozen.data.SyntheticImages;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fitted runs survive re-extraction and are marked stale when the features change; predict refuses weights
 * and manifests that differ from what the entry was made with.
 */
class RunSafetyTest {
    @TempDir Path tmp;
    Path data;
    String features;

    @BeforeEach
    void setUp() {
        data = SyntheticImages.generate(tmp.resolve("imgs"), 3, 8, 3, 32, 5);
        features = tmp.resolve("features").toString();
    }

    private CliRun extract(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("extract", "--dataset", "folder", "--data", data.toString(),
                "--input-size", "32", "--features-dir", features));
        if (!List.of(more).contains("--weights")) {
            args.addAll(List.of("--weights", "random:2"));
        }
        args.addAll(List.of(more));
        CliRun r = CliRun.in(tmp.resolve("home"), args.toArray(new String[0]));
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    private static String runId(CliRun fit) {
        assertEquals(0, fit.code(), fit.toString());
        Matcher m = Pattern.compile("runs/([^/\\s]+)\\.json").matcher(fit.out());
        assertTrue(m.find(), fit.toString());
        return m.group(1);
    }

    private Path runsDir() {
        return FeatureStore.resolve(Path.of(features), null).runsDir();
    }

    private Path image() {
        return data.resolve("test/red_rows/0002.png");
    }

    @Test
    void runsSurviveForcedAndManifestlessReextractionAndAreNotStaleWhenFeaturesAreEqual() throws Exception {
        extract();
        try (var files = Files.list(runsDir().getParent())) {
            assertEquals(List.of("manifest.json", "manifest.sha256", "test.arrow", "train.arrow"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no chunk or temporary file is published");
        }
        String id = runId(CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", features));
        Path record = runsDir().resolve(id + ".json");
        Path model = runsDir().resolve(id + ".model");
        String before = Files.readString(record);

        extract("--force");
        try (var files = Files.list(Path.of(features))) {
            assertEquals(List.of(runsDir().getParent().getFileName().toString()),
                    files.map(p -> p.getFileName().toString()).toList(), "no lock file or work folder is left behind");
        }
        try (var files = Files.list(runsDir().getParent())) {
            assertEquals(List.of("manifest.json", "manifest.sha256", "runs", "test.arrow", "train.arrow"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no chunk or temporary file is published");
        }
        assertEquals(before, Files.readString(record), "extract --force keeps the run record");
        assertTrue(Files.isRegularFile(model.resolve("head.json")), "and the model");

        Files.delete(runsDir().getParent().resolve("manifest.json"));
        CliRun again = extract();
        assertFalse(again.out().startsWith("cache hit"), again.toString());
        assertEquals(before, Files.readString(record), "a plain extract after a lost manifest keeps the run");

        CliRun compare = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features);
        assertEquals(0, compare.code(), compare.toString());
        assertTrue(compare.out().contains("logreg") && !compare.out().contains("stale"), compare.toString());
        CliRun predict = CliRun.in(tmp.resolve("home"), "predict", "--run", id, "--features-dir", features, image().toString());
        assertEquals(0, predict.code(), predict.toString());
        assertFalse(predict.err().contains("stale"), predict.toString());
    }

    @Test
    void runsOnChangedFeaturesAreMarkedStaleInCompareAndPredictWarns() {
        extract();
        String id = runId(CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", features));
        // Re-extract the same entry into different numbers (as a changed image under the same fingerprint would).
        FeatureEntry entry = FeatureStore.resolve(Path.of(features), null);
        FeatureSet train = entry.load(Split.TRAIN);
        FeatureSet test = entry.load(Split.TEST);
        train.features()[0][0] += 1f;
        FeatureStore.write(Path.of(features), entry.manifest(), train, test);
        assertTrue(Files.isRegularFile(entry.runsDir().resolve(id + ".json")), "the run survives");

        CliRun compare = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features);
        assertEquals(0, compare.code(), compare.toString());
        assertTrue(compare.out().contains("1!") && compare.out().contains("stale"), compare.toString());
        CliRun json = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features, "--format", "json");
        assertTrue(json.out().contains("\"stale\" : true"), json.toString());

        CliRun predict = CliRun.in(tmp.resolve("home"), "predict", "--run", id, "--features-dir", features, image().toString());
        assertEquals(0, predict.code(), predict.toString());
        assertTrue(predict.err().contains("warning: run " + id + " is stale"), predict.toString());
    }

    @Test
    void predictRefusesOtherWeightsNamingFileAndDigest() throws Exception {
        Path a = tmp.resolve("a.h5");
        Path b = tmp.resolve("b.h5");
        TestH5.write(a, Vgg16Weights.random(11), TestH5.Style.NEW);
        TestH5.write(b, Vgg16Weights.random(12), TestH5.Style.NEW);
        extract("--weights", a.toString(), "--layer", "block2_pool");
        String id = runId(CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", features));
        String expected = FeatureStore.resolve(Path.of(features), null).manifest().weights().sha256();
        assertEquals(0, CliRun.in(tmp.resolve("home"), "predict", "--run", id, "--features-dir", features, image().toString()).code());

        CliRun other = CliRun.in(tmp.resolve("home"), "predict", "--run", id, "--features-dir", features, "--weights", b.toString(),
                image().toString());
        assertEquals(1, other.code(), other.toString());
        assertTrue(other.cleanError() && other.err().contains(b.toString()) && other.err().contains(expected),
                other.toString());

        CliRun random = CliRun.in(tmp.resolve("home"), "predict", "--run", id, "--features-dir", features, "--weights", "random:11",
                image().toString());
        assertEquals(1, random.code(), random.toString());

        // A replaced file at the recorded path, even with the old size and modification time.
        var mtime = Files.getLastModifiedTime(a);
        Files.copy(b, a, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(a, mtime);
        CliRun replaced = CliRun.in(tmp.resolve("home"), "predict", "--run", id, "--features-dir", features, image().toString());
        assertEquals(1, replaced.code(), replaced.toString());
        assertTrue(replaced.cleanError() && replaced.err().contains(a.toString()) && replaced.err().contains(expected),
                replaced.toString());
    }

    @Test
    void predictOnRandomWeightsRefusesAnotherSeed() {
        extract();
        String id = runId(CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", features));
        CliRun other = CliRun.in(tmp.resolve("home"), "predict", "--run", id, "--features-dir", features, "--weights", "random:3",
                image().toString());
        assertEquals(1, other.code(), other.toString());
        assertTrue(other.cleanError() && other.err().contains("random:2"), other.toString());
    }

    @Test
    void editedManifestIsRefusedByEveryReaderAndAPlainExtractRebuildsIt() throws Exception {
        extract();
        String id = runId(CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", features));
        Path manifest = runsDir().getParent().resolve("manifest.json");
        String original = Files.readString(manifest);
        Files.writeString(manifest, original.replace("\"input_size\" : 32", "\"input_size\" : 64"));
        assertNotEquals(original, Files.readString(manifest));

        for (String[] args : List.of(new String[] {"predict", "--run", id, "--features-dir", features, image().toString()},
                new String[] {"verify", "--features-dir", features},
                new String[] {"fit", "--head", "logreg", "--features-dir", features})) {
            CliRun r = CliRun.in(tmp.resolve("home"), args);
            assertEquals(1, r.code(), args[0] + ": " + r);
            assertTrue(r.cleanError(), r.toString());
        }
        CliRun rebuilt = extract();
        assertTrue(rebuilt.out().startsWith("wrote"), "the damaged entry is rebuilt, not a cache hit: " + rebuilt);
        assertTrue(Files.readString(manifest).contains("\"input_size\" : 32"));
        assertTrue(Files.isRegularFile(runsDir().resolve(id + ".json")), "the run survives the rebuild");
        assertEquals(0, CliRun.in(tmp.resolve("home"), "verify", "--features-dir", features).code());
    }

    @Test
    void entriesWithoutTheManifestHashAreCheckedAgainstTheArrowCopy() throws Exception {
        extract();
        Path dir = FeatureStore.resolve(Path.of(features), null).dir();
        Files.delete(dir.resolve("manifest.sha256")); // as written by older versions
        assertEquals(0, CliRun.in(tmp.resolve("home"), "verify", "--features-dir", features).code(), "an older entry still reads");
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"layer\" : \"block5_pool\"", "\"layer\" : \"block4_pool\""));
        CliRun verify = CliRun.in(tmp.resolve("home"), "verify", "--features-dir", features);
        assertEquals(1, verify.code(), verify.toString());
        assertTrue(verify.out().contains("disagrees") && verify.out().contains("layer"), verify.toString());
    }

    @Test
    void rowCountsThatDisagreeWithTheFilesAreRefused() throws Exception {
        extract();
        Path dir = FeatureStore.resolve(Path.of(features), null).dir();
        Path manifest = dir.resolve("manifest.json");
        String text = Files.readString(manifest).replace("\"train\" : 24", "\"train\" : 23");
        assertTrue(text.contains("\"train\" : 23"), text);
        Files.writeString(manifest, text);
        // Even with a matching hash (a forged sidecar), the counts disagree with the per-file ones and the Arrow copy.
        Files.writeString(dir.resolve("manifest.sha256"), dev.frozen.features.Integrity.sha256(text.getBytes()) + "\n");
        CliRun verify = CliRun.in(tmp.resolve("home"), "verify", "--features-dir", features);
        assertEquals(1, verify.code(), verify.toString());
        CliRun fit = CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", features);
        assertEquals(1, fit.code(), fit.toString());
        assertTrue(fit.cleanError() && fit.err().contains("rows"), fit.toString());
    }

    @Test
    void aManifestForgedTogetherWithItsHashIsCaughtByTheArrowCopy() throws Exception {
        extract();
        String id = runId(CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", features));
        Path dir = FeatureStore.resolve(Path.of(features), null).dir();
        Path manifest = dir.resolve("manifest.json");
        String text = Files.readString(manifest).replace("\"red_rows\"", "\"blue_rows\"").replace("\"input_size\" : 32",
                "\"input_size\" : 48");
        Files.writeString(manifest, text);
        Files.writeString(dir.resolve("manifest.sha256"), dev.frozen.features.Integrity.sha256(text.getBytes()) + "\n");
        CliRun fit = CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", features);
        assertEquals(1, fit.code(), fit.toString());
        assertTrue(fit.cleanError() && fit.err().contains("disagrees"), fit.toString());
        CliRun predict = CliRun.in(tmp.resolve("home"), "predict", "--run", id, "--features-dir", features, image().toString());
        assertEquals(1, predict.code(), predict.toString());
        assertTrue(predict.cleanError() && predict.err().contains("disagrees"), predict.toString());
        assertEquals(1, CliRun.in(tmp.resolve("home"), "verify", "--features-dir", features).code());
    }

    @Test
    void headJsonDescribesItsEntryAndOldHeadFilesStillPredict() throws Exception {
        extract();
        String id = runId(CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", features));
        FeatureEntry entry = FeatureStore.resolve(Path.of(features), null);
        Path headJson = entry.runsDir().resolve(id + ".model/head.json");
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) dev.frozen.Json.MAPPER.readTree(headJson.toFile());
        assertEquals(entry.name(), node.get("source").get("entry").asText());
        assertEquals(entry.manifestSha256(), node.get("source").get("manifest_sha256").asText());
        assertEquals(entry.manifest().featuresDigest(), node.get("source").get("features_sha256").asText());
        node.remove("source"); // as written before head.json described its entry
        Files.writeString(headJson, dev.frozen.Json.MAPPER.writeValueAsString(node));
        CliRun predict = CliRun.in(tmp.resolve("home"), "predict", "--run", id, "--features-dir", features, image().toString());
        assertEquals(0, predict.code(), predict.toString());
    }

    @Test
    void aTooLongFolderNameIsReportedAsSuch() {
        String longName = "x".repeat(300);
        CliRun r = CliRun.in(tmp.resolve("home"), "extract", "--dataset", "folder", "--data", data.toString(), "--weights", "random:2",
                "--input-size", "32", "--features-dir", tmp.resolve(longName).toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.cleanError() && r.err().contains("file name too long") && r.err().contains("shorter"), r.toString());
    }

    @Test
    void runsRmIsADryRunUnlessDeleteAndCachePruneKeepsUsedEntries() throws Exception {
        extract();
        String id = runId(CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", features));
        Path record = runsDir().resolve(id + ".json");

        CliRun dry = CliRun.in(tmp.resolve("home"), "runs", "rm", id.substring(0, 22), "--features-dir", features);
        assertEquals(0, dry.code(), dry.toString());
        assertTrue(dry.out().contains("would remove run " + id) && dry.out().contains("dry run"), dry.toString());
        assertTrue(Files.isRegularFile(record));

        CliRun prune = CliRun.in(tmp.resolve("home"), "cache", "prune", "--features-dir", features, "--delete");
        assertEquals(0, prune.code(), prune.toString());
        assertTrue(FeatureStore.find(Path.of(features), runsDir().getParent().getFileName().toString()).isPresent(),
                "an entry with runs is never pruned: " + prune);

        CliRun typo = CliRun.in(tmp.resolve("home"), "runs", "rm", id, "nonexistent-run", "--features-dir", features, "--delete");
        assertEquals(2, typo.code(), typo.toString());
        assertTrue(Files.isRegularFile(record), "a bad id removes nothing");

        CliRun rm = CliRun.in(tmp.resolve("home"), "runs", "rm", id, "--features-dir", features, "--delete");
        assertEquals(0, rm.code(), rm.toString());
        assertTrue(rm.out().contains("removed run " + id), rm.toString());
        assertFalse(Files.exists(record));
        assertFalse(Files.exists(runsDir().resolve(id + ".model")));

        // Now unused: a dry run lists the entry, --delete removes it, along with leftovers.
        Path leftover = Files.createDirectories(Path.of(features).resolve("other-entry.partial"));
        Files.writeString(Path.of(features).resolve("gone.lock"), "");
        CliRun list = CliRun.in(tmp.resolve("home"), "cache", "prune", "--features-dir", features);
        assertTrue(list.out().contains("unused entry") && list.out().contains("other-entry.partial")
                && list.out().contains("gone.lock") && list.out().contains("dry run"), list.toString());
        assertTrue(Files.isDirectory(leftover));
        CliRun verify = CliRun.in(tmp.resolve("home"), "verify", "--features-dir", features);
        assertTrue(verify.out().contains("other-entry.partial"), "verify reports leftovers: " + verify);
        CliRun keep = CliRun.in(tmp.resolve("home"), "cache", "prune", "--features-dir", features, "--leftovers-only", "--delete");
        assertEquals(0, keep.code(), keep.toString());
        assertFalse(Files.exists(leftover));
        assertFalse(Files.exists(Path.of(features).resolve("gone.lock")));
        assertEquals(1, FeatureStore.list(Path.of(features)).size(), "--leftovers-only keeps the unused entry");
        assertEquals(0, CliRun.in(tmp.resolve("home"), "cache", "prune", "--features-dir", features, "--delete").code());
        assertEquals(0, FeatureStore.list(Path.of(features)).size());
    }
}
