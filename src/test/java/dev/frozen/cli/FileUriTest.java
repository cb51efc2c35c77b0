package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.experiments.pipeline.Pipeline;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.TestManifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every verb reads {@code --features-dir file:///x} (and {@code file:/x}) as the local folder /x, never as ./file:. */
class FileUriTest {
    @TempDir Path tmp;

    private static FeatureSet set() {
        float[][] x = {{0, 1}, {1, 0}, {0, 2}, {2, 0}, {0, 3}, {3, 0}};
        return new FeatureSet(x, new int[] {0, 1, 0, 1, 0, 1}, List.of("a", "b"));
    }

    @Test
    void everyVerbReadsAFileUriAsTheLocalFolder() throws Exception {
        Path dir = tmp.resolve("f");
        FeatureStore.write(dir, TestManifests.of("e1", 2, 6, 6, List.of("a", "b")), set(), set());
        String slashes = dir.toUri().toString(); // file:///...
        String oneSlash = "file:" + dir.toAbsolutePath();
        assertTrue(slashes.startsWith("file:///") && oneSlash.startsWith("file:/"), slashes);

        Path image = Files.writeString(tmp.resolve("x.png"), ""); // never read: the run is looked up first
        CliRun fit = CliRun.of("fit", "--head", "logreg", "--features-dir", slashes);
        assertEquals(0, fit.code(), fit.toString());
        String id = RunStore.list(dir, null, w -> {}).get(0).id();

        for (String uri : new String[] {slashes, oneSlash}) {
            CliRun compare = CliRun.of("compare", "--format", "json", "--features-dir", uri);
            assertEquals(0, compare.code(), compare.toString());
            assertTrue(compare.out().contains(id), compare.out());
            CliRun verify = CliRun.of("verify", "--features-dir", uri);
            assertEquals(0, verify.code(), verify.toString());
            assertTrue(verify.out().contains("ok    e1/train.arrow"), verify.out());
            CliRun rm = CliRun.of("runs", "rm", id, "--features-dir", uri);
            assertEquals(0, rm.code(), rm.toString());
            assertTrue(rm.out().startsWith("would remove run " + id), rm.out());
            Files.createDirectories(dir.resolve("e2.partial"));
            CliRun prune = CliRun.of("cache", "prune", "--features-dir", uri);
            assertEquals(0, prune.code(), prune.toString());
            assertTrue(prune.out().contains("would remove  " + dir.resolve("e2.partial")), prune.out());
            CliRun predict = CliRun.of("predict", "--run", "zzz", "--features-dir", uri, image.toString());
            assertEquals(2, predict.code(), predict.toString());
            assertTrue(predict.err().contains("no run 'zzz' under " + dir), predict.toString());
        }
        assertFalse(Files.exists(Path.of("file:")), "nothing may be written under a relative folder named file:");
    }

    @Test
    void aPipelineReadsFileUrisTheSameWay() throws Exception {
        Path dir = tmp.resolve("pf");
        Path yaml = tmp.resolve("p.yaml");
        Files.writeString(yaml, "name: p\ndataset:\n  kind: folder\n  generate:\n    classes: 2\n"
                + "backbone:\n  weights: random:1\n  layer: block5_pool\n  input_size: 32\n"
                + "heads:\n  - head: logreg\nfeatures_dir: " + dir.toUri() + "\n");
        assertEquals(dir.toString(), Pipeline.load(yaml).featuresDir());
        assertEquals(dir.toString(), Pipeline.load(yaml).withOverrides(null, null, "file:" + dir).featuresDir());
        CliRun check = CliRun.of("run", yaml.toString(), "--check");
        assertEquals(0, check.code(), check.toString());

        Files.writeString(yaml, Files.readString(yaml).replace(dir.toUri().toString(), "file://elsewhere/x"));
        CliRun bad = CliRun.of("run", yaml.toString(), "--check");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.cleanError() && bad.err().contains(yaml + ":") && bad.err().contains("features_dir:")
                && bad.err().lines().count() == 1, bad.toString());
    }

    @Test
    void aFileUriThatIsNotLocalIsRefusedInOneLine() {
        for (String verb : new String[] {"fit", "compare", "verify"}) {
            CliRun r = verb.equals("fit") ? CliRun.of("fit", "--head", "logreg", "--features-dir", "file://host/x")
                    : CliRun.of(verb, "--features-dir", "file://host/x");
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().startsWith("error: --features-dir expects a local file: URI"), r.toString());
        }
    }
}
