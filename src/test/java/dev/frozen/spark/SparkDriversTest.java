package dev.frozen.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.cli.CliRun;
import dev.frozen.data.Fixtures;
import dev.frozen.features.FeatureStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 23 items 11 and 12: two drivers on one file: entry, and masters ./frozen cannot reach. */
class SparkDriversTest {
    @TempDir Path tmp;

    private static String[] toUri(Path data, String featuresUri, String... extra) {
        String[] args = SparkExtractTest.args(data, Path.of("placeholder"), extra);
        args[java.util.Arrays.asList(args).indexOf("placeholder")] = featuresUri;
        return args;
    }

    private static long leftovers(Path features) throws Exception {
        try (var files = Files.list(features)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".partial") || n.endsWith(".lock")).count();
        }
    }

    @Test
    void aSecondDriverOnOneFileEntryWaitsAndFindsItComplete() throws Exception {
        Path data = Fixtures.cifarFolder(tmp, 8);
        Path shared = tmp.resolve("shared");
        String uri = shared.toUri().toString();
        String[] args = toUri(data, uri, "--spark", "local[2]", "--shard-rows", "8");
        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() -> CliRun.in(tmp.resolve("home"), args));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!first.isDone() && System.nanoTime() < deadline && (!Files.isDirectory(shared) || leftovers(shared) == 0)) {
            Thread.sleep(20); // until the first driver holds the entry's lock
        }
        CliRun second = CliRun.in(tmp.resolve("home"), args);
        CliRun one = first.get(300, TimeUnit.SECONDS);
        assertEquals(0, one.code(), one.toString());
        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().contains("cache hit"), second.toString());
        assertEquals(1, FeatureStore.list(shared).size());
        assertEquals(0, leftovers(shared), "no .partial or .lock left");
    }

    @Test
    void yarnAndKubernetesSayToUseSparkSubmitBeforeAnyLock() throws Exception {
        Path data = Fixtures.cifarFolder(tmp, 2);
        for (String master : new String[] {"yarn", "k8s://https://kube.example:6443"}) {
            Path features = tmp.resolve("f");
            for (String dir : new String[] {features.toString(), features.toUri().toString()}) {
                CliRun run = CliRun.in(tmp.resolve("home"), toUri(data, dir, "--spark", master));
                assertEquals(2, run.code(), run.toString());
                assertTrue(run.cleanError() && run.err().lines().count() == 1, run.toString());
                assertTrue(run.err().contains("spark-submit --master " + master) && run.err().contains("docs/spark.md"), run.err());
                assertTrue(!Files.exists(features) || leftovers(features) == 0, "nothing locked or started");
            }
        }
    }
}
