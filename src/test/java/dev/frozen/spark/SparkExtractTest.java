package dev.frozen.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.cli.CliRun;
import dev.frozen.data.Fixtures;
import dev.frozen.data.Split;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extract --spark in local mode on generated CIFAR-format data, against the single-process extract. */
class SparkExtractTest {
    @TempDir Path tmp;
    Path data;

    @BeforeEach
    void setUp() throws Exception {
        data = Fixtures.cifarFolder(tmp, 8); // 40 train, 8 test records
    }

    static String[] args(Path data, Path features, String... extra) {
        List<String> a = new ArrayList<>(List.of("extract", "--data", data.toString(), "--features-dir", features.toString(),
                "--input-size", "32", "--weights", "random:3", "--batch", "4"));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    static void assertSameFeatures(FeatureEntry expected, FeatureEntry actual) {
        for (Split split : Split.values()) {
            FeatureSet a = expected.load(split);
            FeatureSet b = actual.load(split);
            assertEquals(a.size(), b.size(), split + " rows");
            assertArrayEquals(a.labels(), b.labels(), split + " labels in dataset order");
            double worst = 0;
            for (int i = 0; i < a.size(); i++) {
                for (int j = 0; j < a.dim(); j++) {
                    double x = a.features()[i][j];
                    double y = b.features()[i][j];
                    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(x), 1e-6));
                }
            }
            assertTrue(worst <= 1e-6, split + ": max relative difference " + worst);
        }
    }

    @Test
    void sparkEntryEqualsSingleProcessIsACacheHitAndFits() throws Exception {
        Path single = tmp.resolve("single");
        Path sharded = tmp.resolve("sharded");
        CliRun plain = CliRun.in(tmp.resolve("home"), args(data, single));
        assertEquals(0, plain.code(), plain.toString());
        long loadsBefore = ExecutorState.weightLoads();
        CliRun spark = CliRun.in(tmp.resolve("home"), args(data, sharded, "--spark", "local[2]", "--shard-rows", "8"));
        assertEquals(0, spark.code(), spark.toString());
        assertTrue(spark.out().contains("wrote "), spark.out());
        assertTrue(ExecutorState.weightLoads() - loadsBefore <= 1, "weights loaded once per JVM, not once per task (6 tasks)");

        FeatureEntry a = FeatureStore.list(single).get(0);
        FeatureEntry b = FeatureStore.list(sharded).get(0);
        assertEquals(a.name(), b.name(), "same cache key");
        assertTrue(b.sharded());
        assertEquals(5 + 1, b.manifest().files().size(), "40 train rows in 5 shards of 8, 8 test rows in 1");
        assertEquals(List.of(0, 8, 16, 24, 32), b.arrowFiles(Split.TRAIN).stream()
                .map(p -> b.manifest().files().get(p.getFileName().toString()).start()).toList());
        assertEquals(a.manifest().featuresDigest() == null, false);
        assertSameFeatures(a, b);
        assertFalse(Files.exists(sharded.resolve(b.name() + ".partial")), "work folder removed after publishing");

        CliRun hit = CliRun.in(tmp.resolve("home"), args(data, sharded));
        assertEquals(0, hit.code(), hit.toString());
        assertTrue(hit.out().startsWith("cache hit: "), hit.out());
        CliRun sparkHit = CliRun.in(tmp.resolve("home"), args(data, sharded, "--spark", "local[2]"));
        assertTrue(sparkHit.out().startsWith("cache hit: "), sparkHit.out());

        CliRun verify = CliRun.in(tmp.resolve("home"), "verify", "--features-dir", sharded.toString());
        assertEquals(0, verify.code(), verify.toString());
        CliRun fit = CliRun.in(tmp.resolve("home"), "fit", "--features-dir", sharded.toString(), "--head", "logreg");
        assertEquals(0, fit.code(), fit.toString());
        assertTrue(fit.out().toLowerCase().contains("accuracy"), fit.out());
    }

    @Test
    void aFailedFirstAttemptGivesTheSameOutput() {
        Path single = tmp.resolve("single");
        Path sharded = tmp.resolve("sharded");
        assertEquals(0, CliRun.in(tmp.resolve("home"), args(data, single)).code());
        // local[2,2]: two threads, each task may be tried twice (plain local[N] never retries).
        CliRun spark = CliRun.in(tmp.resolve("home"), new FailShard("train-00001.arrow", false).extractor(), args(data, sharded, "--spark", "local[2,2]", "--shard-rows", "8"));
        assertEquals(0, spark.code(), spark.toString());
        FeatureEntry b = FeatureStore.list(sharded).get(0);
        assertSameFeatures(FeatureStore.list(single).get(0), b);
        try (var files = Files.list(b.dir())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp")), "no temporary left in the entry");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFailedJobLeavesNoEntryAndARerunResumesFromCommittedShards() throws InterruptedException {
        Path single = tmp.resolve("single");
        Path sharded = tmp.resolve("sharded");
        assertEquals(0, CliRun.in(tmp.resolve("home"), args(data, single)).code());
        CliRun failed = CliRun.in(tmp.resolve("home"), new FailShard("train-00004.arrow", true).extractor(), args(data, sharded, "--spark", "local[2]", "--shard-rows", "8"));
        assertEquals(1, failed.code(), failed.toString());
        assertTrue(failed.cleanError() && failed.err().lines().count() == 1, failed.toString());
        assertTrue(failed.err().contains("injected failure of train-00004.arrow"), failed.err());
        assertTrue(FeatureStore.list(sharded).isEmpty(), "no complete-looking entry");
        long deadline = System.currentTimeMillis() + 60_000; // tasks of the failed job stop at their next batch
        while (ShardRunner.RUNNING.get() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, ShardRunner.RUNNING.get(), "no shard task of the failed job still running");

        int kept = dev.frozen.features.Shards.committed(sharded.resolve(FeatureStore.list(single).get(0).name() + ".partial")).size();
        assertTrue(kept >= 1, "shards committed before the failure are kept");
        int before = ShardRunner.COMMITTED.get();
        CliRun rerun = CliRun.in(tmp.resolve("home"), args(data, sharded, "--spark", "local[2]", "--shard-rows", "8"));
        assertEquals(0, rerun.code(), rerun.toString());
        int computed = ShardRunner.COMMITTED.get() - before;
        assertTrue(computed >= 1 && computed <= 6 - kept, "only the missing shards are computed: " + computed + ", kept " + kept);
        assertSameFeatures(FeatureStore.list(single).get(0), FeatureStore.list(sharded).get(0));
    }
}
