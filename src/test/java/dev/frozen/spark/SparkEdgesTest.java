package dev.frozen.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.cli.CliRun;
import dev.frozen.data.Fixtures;
import dev.frozen.data.Split;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and the DataFrame route of extract --spark. */
class SparkEdgesTest {
    @TempDir Path tmp;

    @AfterEach
    void tearDown() {
        System.clearProperty("frozen.spark.executor-wait-s");
    }

    @Test
    void aBadMasterUrlIsAOneLineUsageError() throws Exception {
        Path data = Fixtures.cifarFolder(tmp, 2);
        CliRun run = CliRun.in(tmp.resolve("home"), SparkExtractTest.args(data, tmp.resolve("f"), "--spark", "nonsense://x"));
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.cleanError() && run.err().lines().count() == 1, run.toString());
        assertTrue(run.err().contains("--spark nonsense://x"), run.err());
        assertTrue(FeatureStore.list(tmp.resolve("f")).isEmpty());
    }

    /**
     * About 60 s: Spark's standalone client retries registration 3 x 20 s (not configurable), so it runs only with
     * -Dfrozen.slowTests=true.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "frozen.slowTests", matches = "true")
    void anUnreachableClusterIsAOneLineUsageError() throws Exception {
        Path data = Fixtures.cifarFolder(tmp, 2);
        System.setProperty("frozen.spark.executor-wait-s", "3");
        CliRun run = CliRun.in(tmp.resolve("home"), SparkExtractTest.args(data, tmp.resolve("f"), "--spark", "spark://127.0.0.1:9"));
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.cleanError() && run.err().lines().count() == 1, run.toString());
        assertTrue(run.err().contains("no Spark executor registered") || run.err().contains("reachable"), run.err());
    }

    @Test
    void aCorruptImageFailsInOneLineNamingItWithNoEntry() throws Exception {
        Path root = tmp.resolve("photos");
        for (String split : List.of("train", "test")) {
            for (String cls : List.of("cat", "dog")) {
                for (int i = 0; i < 3; i++) {
                    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                    img.setRGB(i, i, (cls.hashCode() + i) & 0xFFFFFF);
                    Path f = Files.createDirectories(root.resolve(split).resolve(cls)).resolve(i + ".png");
                    assertTrue(ImageIO.write(img, "png", f.toFile()));
                }
            }
        }
        Path bad = root.resolve("train/dog/1.png");
        byte[] bytes = Files.readAllBytes(bad);
        Files.write(bad, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // truncated PNG
        CliRun run = CliRun.in(tmp.resolve("home"), "extract", "--dataset", "folder", "--data", root.toString(), "--features-dir",
                tmp.resolve("f").toString(), "--input-size", "32", "--weights", "random:1", "--batch", "2",
                "--spark", "local[2]", "--shard-rows", "2");
        assertEquals(1, run.code(), run.toString());
        assertTrue(run.cleanError() && run.err().lines().count() == 1, run.toString());
        assertTrue(run.err().contains("1.png"), run.err());
        assertTrue(FeatureStore.list(tmp.resolve("f")).isEmpty(), "no complete-looking entry");
    }

    /**
     * local-cluster[2,1,1024] would run executors in separate JVMs, but it needs a Spark distribution folder
     * (SPARK_HOME with RELEASE and jars/, plus this project packaged as a jar), which the Maven build does not make
     * and which costs about 10 s per job. What crosses the JVM boundary is the job, the tasks and their results:
     * they must survive Java serialization, checked here, and executors need nothing else (each opens the dataset
     * and weights itself).
     */
    @Test
    void whatIsShippedToExecutorsSurvivesJavaSerialization() throws Exception {
        ShardJob job = new ShardJob("cifar10", "/data/cifar", "random:1",
                dev.frozen.features.ExtractionSettings.builder().batch(128).build(), "onednn", "/f/x.partial",
                "{\"entry\":\"x\"}", 512, "/home/u/.cache/frozen", ShardHook.NONE);
        ShardTask task = new ShardTask("TRAIN", 3, "train-00003.arrow", 3000, 4000);
        ShardResult result = new ShardResult("train-00003.arrow", 10, "ab", 1000, "cd", 3000, 1);
        FeatureFrames.Part part = new FeatureFrames.Part("/f/x/train-00000.arrow", 10, "ab", 5);
        for (Object o : List.of(job, task, result, part)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(o);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                assertEquals(o, in.readObject());
            }
        }
    }

    @Test
    void anEntryOpensAsADataFrameThatMllibTrainsOn() throws Exception {
        Path data = Fixtures.cifarFolder(tmp, 8);
        Path features = tmp.resolve("f");
        CliRun run = CliRun.in(tmp.resolve("home"), SparkExtractTest.args(data, features, "--spark", "local[2]", "--shard-rows", "8"));
        assertEquals(0, run.code(), run.toString());
        FeatureEntry entry = FeatureStore.list(features).get(0);
        SparkSession spark = SparkSession.builder().master("local[2]").appName("test").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            Dataset<Row> train = FeatureFrames.open(spark, entry.dir(), Split.TRAIN);
            assertEquals(40, train.count());
            List<Row> rows = train.collectAsList();
            var loaded = entry.load(Split.TRAIN);
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(loaded.labels()[i], rows.get(i).getInt(0), "row " + i + " in dataset order");
                org.apache.spark.ml.linalg.Vector v = rows.get(i).getAs(1);
                assertEquals(loaded.features()[i][7], v.apply(7), 0.0);
            }
            LogisticRegressionModel model = new LogisticRegression().setMaxIter(50).setRegParam(1e-4).fit(train);
            double accuracy = model.transform(train).filter("prediction = label").count() / 40.0;
            assertTrue(accuracy >= 0.9, "training accuracy " + accuracy);
            Path parquet = tmp.resolve("train.parquet");
            train.write().parquet(parquet.toString());
            assertEquals(40, spark.read().parquet(parquet.toString()).count());
        } finally {
            spark.stop();
        }
    }
}
