package dev.frozen.experiments.runs;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frozen.Json;
import dev.frozen.cli.CliRun;
import dev.frozen.data.Split;
import dev.frozen.features.EntryCopy;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.Manifest;
import dev.frozen.features.PartialEntry;
import dev.frozen.features.Shards;
import dev.frozen.features.TestManifests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staleness is a statement about rows: the same rows rewritten as shards (extract --spark --force, a pull of a
 * sharded copy) leave a run fresh; one changed value makes it stale; entries older than the rows digest give a
 * hedged reason.
 */
class RowsStalenessTest {
    @TempDir Path tmp;

    private static final List<String> CLASSES = List.of("a", "b");

    private static FeatureSet rows(float bump) {
        float[][] x = new float[10][3];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            y[i] = i % 2;
            x[i] = new float[] {i, y[i] * 2 + 0.5f, -i * 0.25f};
        }
        x[7][1] += bump;
        return new FeatureSet(x, y, CLASSES);
    }

    private static Manifest manifest() {
        return TestManifests.of("e1", 3, 10, 10, CLASSES);
    }

    /** Rewrites entry e1 in {@code dir} as shards of {@code shardRows} rows, as the executors of extract --spark do. */
    static FeatureEntry writeSharded(Path dir, FeatureSet train, FeatureSet test, int shardRows) throws Exception {
        Manifest m = manifest();
        String json = Json.MAPPER.writeValueAsString(m.withFiles(Map.of()));
        try (PartialEntry partial = PartialEntry.open(dir, "e1", false)) {
            partial.reset();
            for (Split split : Split.values()) {
                FeatureSet set = split == Split.TRAIN ? train : test;
                for (int from = 0, index = 0; from < set.size(); from += shardRows, index++) {
                    int count = Math.min(shardRows, set.size() - from);
                    try (Shards.Writer w = new Shards.Writer(partial.dir(), Shards.name(split, index), from, 3, json)) {
                        float[] flat = new float[count * 3];
                        int[] labels = new int[count];
                        for (int i = 0; i < count; i++) {
                            System.arraycopy(set.features()[from + i], 0, flat, i * 3, 3);
                            labels[i] = set.labels()[from + i];
                        }
                        w.add(labels, flat, count);
                        w.commit();
                    }
                }
            }
            return partial.completeSharded(m, Shards.committed(partial.dir()));
        }
    }

    @Test
    void aShardedCopyOfTheSameRowsIsNotStaleAndAChangedRowIs() throws Exception {
        Path dir = tmp.resolve("f");
        FeatureEntry single = FeatureStore.write(dir, manifest(), rows(0), rows(0));
        assertNotNull(single.manifest().rowsDigest());
        assertEquals(0, CliRun.of("fit", "--head", "logreg", "--features-dir", dir.toString()).code());
        RunRecord run = RunStore.list(dir, null, w -> {}).get(0).record();
        assertEquals(single.manifest().rowsDigest(), run.rowsSha256());

        FeatureEntry sharded = writeSharded(dir, rows(0), rows(0), 3);
        assertTrue(sharded.sharded());
        assertNotEquals(single.manifest().featuresDigest(), sharded.manifest().featuresDigest(), "the layout changed");
        assertEquals(single.manifest().rowsDigest(), sharded.manifest().rowsDigest(), "the rows did not");
        assertNull(Staleness.of(run, null, FeatureStore.find(dir, "e1").orElseThrow()));
        CliRun compare = CliRun.of("compare", "--format", "json", "--features-dir", dir.toString());
        assertEquals(0, compare.code(), compare.toString());
        assertTrue(compare.out().contains("\"stale\" : false") && !compare.out().contains("\"stale\" : true"), compare.out());
        CliRun verify = CliRun.of("verify", "--features-dir", dir.toString());
        assertEquals(0, verify.code(), verify.toString());

        // A pull of the sharded copy keeps the digest, so the run is fresh there too.
        Path pulled = tmp.resolve("pulled");
        EntryCopy.pull(dir, "e1", pulled);
        assertEquals(single.manifest().rowsDigest(), FeatureStore.find(pulled, "e1").orElseThrow().manifest().rowsDigest());

        writeSharded(dir, rows(1e-3f), rows(0), 4); // one value of one training row differs
        String reason = Staleness.of(run, null, FeatureStore.find(dir, "e1").orElseThrow());
        assertEquals("entry e1 was re-extracted and now holds different rows", reason);
        CliRun stale = CliRun.of("compare", "--format", "json", "--features-dir", dir.toString());
        assertTrue(stale.out().contains("\"stale\" : true") || stale.out().contains("\"stale\":true"), stale.out());
    }

    @Test
    void rowOrderAndLabelsCountButFileBoundariesDoNot() throws Exception {
        FeatureEntry three = writeSharded(tmp.resolve("a"), rows(0), rows(0), 3);
        FeatureEntry seven = writeSharded(tmp.resolve("b"), rows(0), rows(0), 7);
        assertEquals(three.manifest().rowsDigest(), seven.manifest().rowsDigest());
        FeatureSet swapped = rows(0);
        float[] first = swapped.features()[0];
        swapped.features()[0] = swapped.features()[2];
        swapped.features()[2] = first; // rows 0 and 2 have the same label: only the order differs
        assertNotEquals(three.manifest().rowsDigest(), writeSharded(tmp.resolve("c"), swapped, rows(0), 3).manifest().rowsDigest());
        FeatureSet relabelled = new FeatureSet(rows(0).features(), new int[] {1, 1, 0, 1, 0, 1, 0, 1, 0, 1}, CLASSES);
        assertNotEquals(three.manifest().rowsDigest(), writeSharded(tmp.resolve("d"), relabelled, rows(0), 3).manifest().rowsDigest());
    }

    @Test
    void anOldManifestWithoutRowSumsFallsBackAndSaysOnlyWhatIsKnown() throws Exception {
        Path dir = tmp.resolve("f");
        FeatureEntry entry = FeatureStore.write(dir, manifest(), rows(0), rows(0));
        RunRecord fitted = withDigests("x".repeat(64), entry.manifest().featuresDigest());
        Path file = dir.resolve("e1/manifest.json");
        ObjectNode m = (ObjectNode) Json.MAPPER.readTree(file.toFile());
        m.get("files").forEach(f -> ((ObjectNode) f).remove("row_hash_sum"));
        byte[] bytes = (Json.MAPPER.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);
        Files.write(dir.resolve("e1/manifest.sha256"), FeatureStore.manifestShaBytes(bytes));
        FeatureEntry old = FeatureStore.find(dir, "e1").orElseThrow();
        assertNull(old.manifest().rowsDigest());

        assertNull(Staleness.of(fitted, null, old), "same files: not stale");
        String reason = Staleness.of(withDigests(null, "0".repeat(64)), null, old);
        assertTrue(reason.contains("its files differ") && reason.contains("whether the rows changed is unknown"), reason);
    }

    private static RunRecord withDigests(String rows, String files) {
        return RunRecord.builder().runId("r").head("logreg").params(Map.of()).seed(1).valFraction(0).featuresEntry("e1")
                .layer("block5_pool").inputSize(32).testAccuracy(0.5).perClassAccuracy(List.of(0.5))
                .confusionMatrix(new int[][] {{1}}).classNames(CLASSES).fitSeconds(1).predictSeconds(1).trainRows(1)
                .valRows(0).testRows(1).created("2026-01-01T00:00:00Z").versions(Map.of()).modelFile("r.model")
                .featuresSha256(files).rowsSha256(rows).build();
    }
}
