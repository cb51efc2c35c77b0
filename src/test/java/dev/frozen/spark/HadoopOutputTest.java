package dev.frozen.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.cli.CliRun;
import dev.frozen.data.Fixtures;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code extract --spark --features-dir URI}: executors commit shards into a features folder on a Hadoop file
 * system (here through {@code file:} URIs, the code path of {@code hdfs:} and {@code s3a:}) and the driver
 * publishes the entry there, laid out as a local one: a plain extract of the same folder is a cache hit, verify
 * passes, the features equal a single-process extract, and a failed job resumes from the committed shards.
 */
class HadoopOutputTest {
    @TempDir Path tmp;

    private CliRun run(String... args) {
        return CliRun.in(tmp.resolve("home"), args);
    }

    /** The usual test arguments with the features folder given as a URI. */
    private static String[] toUri(Path data, String featuresUri, String... extra) {
        String[] args = SparkExtractTest.args(data, Path.of("placeholder"), extra);
        args[java.util.Arrays.asList(args).indexOf("placeholder")] = featuresUri;
        return args;
    }

    @Test
    void anEntryWrittenThroughHadoopIsALocalEntryAndResumes() throws Exception {
        Path data = Fixtures.cifarFolder(tmp, 8); // 40 train, 8 test records
        Path single = tmp.resolve("single");
        Path shared = tmp.resolve("shared");
        String uri = shared.toUri().toString();
        assertEquals(0, run(SparkExtractTest.args(data, single)).code());
        String name = FeatureStore.list(single).get(0).name();

        CliRun failed = CliRun.in(tmp.resolve("home"), new FailShard("train-00004.arrow", true).extractor(), toUri(data, uri, "--spark", "local[2]",
                "--shard-rows", "8"));
        assertEquals(1, failed.code(), failed.toString());
        assertTrue(failed.cleanError(), failed.toString());
        assertTrue(FeatureStore.list(shared).isEmpty(), "no complete-looking entry after a failed job");
        long deadline = System.currentTimeMillis() + 60_000;
        while (ShardRunner.RUNNING.get() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        long kept;
        try (var files = Files.list(shared.resolve(name + ".partial"))) {
            kept = files.filter(f -> f.getFileName().toString().endsWith(".arrow.json")).count();
        }
        assertTrue(kept >= 1, "shards committed before the failure are kept");

        int before = ShardRunner.COMMITTED.get();
        CliRun spark = run(toUri(data, uri, "--spark", "local[2]",
                "--shard-rows", "8"));
        assertEquals(0, spark.code(), spark.toString());
        int computed = ShardRunner.COMMITTED.get() - before;
        assertTrue(computed >= 1 && computed <= 6 - kept, "only the missing shards are computed: " + computed + ", kept " + kept);
        assertTrue(spark.out().contains("wrote file:" + shared), spark.out());
        assertFalse(Files.exists(shared.resolve(name + ".partial")), "the work folder is gone once published");
        try (var files = Files.list(shared.resolve(name))) {
            assertTrue(files.map(f -> f.getFileName().toString()).allMatch(f -> f.endsWith(".arrow")
                    || f.equals(FeatureStore.MANIFEST) || f.equals(FeatureStore.MANIFEST_SHA)), "only entry files");
        }
        FeatureEntry entry = FeatureStore.list(shared).get(0);
        assertEquals(name, entry.name());
        assertEquals(6, entry.manifest().files().size(), "five train shards of 8 rows and one test shard");
        SparkExtractTest.assertSameFeatures(FeatureStore.list(single).get(0), entry);

        CliRun hit = run(SparkExtractTest.args(data, shared));
        assertTrue(hit.code() == 0 && hit.out().contains("cache hit"), hit.toString());
        CliRun sparkHit = run(toUri(data, uri, "--spark", "local[2]"));
        assertTrue(sparkHit.code() == 0 && sparkHit.out().contains("cache hit: file:"), sparkHit.toString());
        CliRun verify = run("verify", "--features-dir", shared.toString());
        assertEquals(0, verify.code(), verify.toString());

        // Spark users open it as a DataFrame where it is.
        org.apache.spark.sql.SparkSession session = SparkExtraction.start("local[2]");
        try {
            var frame = FeatureFrames.open(session, uri + "/" + name, dev.frozen.data.Split.TRAIN);
            assertEquals(40, frame.count());
            var labels = frame.select("label").collectAsList().stream().map(r -> r.getInt(0)).toList();
            assertArrayEquals(entry.load(dev.frozen.data.Split.TRAIN).labels(),
                    labels.stream().mapToInt(Integer::intValue).toArray(), "rows in dataset order");
        } finally {
            session.stop();
        }

        // cache pull through Hadoop: the local copy is checked, then published.
        Path local = tmp.resolve("local");
        var pulled = SparkExtraction.pull(uri, null, local);
        assertFalse(pulled.alreadyPresent());
        assertEquals(entry.manifestSha256(), FeatureStore.list(local).get(0).manifestSha256());
        SparkExtractTest.assertSameFeatures(entry, FeatureStore.list(local).get(0));
        try (var left = Files.list(local)) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith(".pull-")), "no scratch folder left");
        }
        Path shard = shared.resolve(name).resolve("train-00002.arrow");
        byte[] bytes = Files.readAllBytes(shard);
        bytes[bytes.length / 2] ^= 1; // same size, other content: only the SHA-256 can tell
        Files.write(shard, bytes);
        Path other = tmp.resolve("other");
        var corrupt = assertThrows(dev.frozen.DataError.class, () -> SparkExtraction.pull(uri, name, other));
        assertTrue(corrupt.getMessage().contains("train-00002.arrow"), corrupt.getMessage());
        assertTrue(FeatureStore.list(other).isEmpty(), "nothing published from a corrupt copy");

        CliRun fitRemote = run("fit", "--head", "logreg", "--features-dir", "hdfs://namenode/shared/features");
        assertEquals(2, fitRemote.code(), fitRemote.toString());
        assertTrue(fitRemote.cleanError() && fitRemote.err().contains("cache pull --from hdfs://namenode/shared/features"),
                fitRemote.toString());

        CliRun noFs = run("cache", "pull", "--from", "nosuchfs://host/features", "--features-dir", other.toString());
        assertEquals(2, noFs.code(), noFs.toString());
        assertTrue(noFs.cleanError() && noFs.err().contains("no Hadoop file system for the scheme 'nosuchfs'"), noFs.toString());
    }
}
