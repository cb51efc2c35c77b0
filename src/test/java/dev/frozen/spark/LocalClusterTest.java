package dev.frozen.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.cli.CliRun;
import dev.frozen.data.Fixtures;
import dev.frozen.features.FeatureStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executors in separate JVMs: Spark's local-cluster[2,1,1024] master starts two worker executors as child processes.
 * Spark's launcher needs SPARK_SCALA_VERSION in the environment (set for Surefire in the pom) and a Spark home with a
 * RELEASE file and a jars/ folder; the executors get this JVM's class path and module options.
 */
@EnabledIfEnvironmentVariable(named = "SPARK_SCALA_VERSION", matches = "2\\.13")
class LocalClusterTest {
    @TempDir Path tmp;

    @AfterEach
    void tearDown() {
        System.clearProperty("spark.test.home");
        System.clearProperty("spark.testing");
        System.clearProperty("spark.executor.extraClassPath");
        System.clearProperty("spark.executor.extraJavaOptions");
    }

    @Test
    void executorsInSeparateJvmsWriteTheSameFeatures() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("spark-home"));
        Files.writeString(home.resolve("RELEASE"), "Spark for frozen tests\n");
        Files.createDirectories(home.resolve("jars"));
        System.setProperty("spark.testing", "true");
        System.setProperty("spark.test.home", home.toString());
        // SparkConf picks up spark.* system properties: the executors get this JVM's class path and options.
        System.setProperty("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        System.setProperty("spark.executor.extraJavaOptions", ManagementFactory.getRuntimeMXBean().getInputArguments()
                .stream().filter(a -> a.startsWith("--add-opens") || a.startsWith("-D")).collect(Collectors.joining(" ")));

        Path data = Fixtures.cifarFolder(tmp, 4);
        Path single = tmp.resolve("single");
        Path sharded = tmp.resolve("sharded");
        assertEquals(0, CliRun.in(tmp.resolve("home"), SparkExtractTest.args(data, single)).code());
        int before = ShardRunner.COMMITTED.get();
        CliRun run = CliRun.in(tmp.resolve("home"), SparkExtractTest.args(data, sharded, "--spark", "local-cluster[2,1,1024]", "--shard-rows", "8"));
        assertEquals(0, run.code(), run.toString());
        assertEquals(before, ShardRunner.COMMITTED.get(), "no shard was computed in this JVM");
        SparkExtractTest.assertSameFeatures(FeatureStore.list(single).get(0), FeatureStore.list(sharded).get(0));
    }
}
