package dev.frozen.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.cli.CliRun;
import dev.frozen.data.Fixtures;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureStore;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code extract --spark --data URI}: the driver and the executors read the dataset through Hadoop's file systems
 * (here {@code file:} URIs, the same code path as {@code hdfs:} and {@code s3a:}), and the entry is the one a plain
 * extract of the local path makes: same key (a plain extract afterwards is a cache hit) and same features.
 */
class HadoopInputTest {
    @TempDir Path tmp;

    private CliRun run(String... args) {
        return CliRun.in(tmp.resolve("home"), args);
    }

    private static Path photos(Path root) throws Exception {
        for (String split : List.of("train", "test")) {
            for (String cls : List.of("cat", "dog")) {
                for (int i = 0; i < (split.equals("train") ? 5 : 2); i++) {
                    BufferedImage img = new BufferedImage(9, 7, BufferedImage.TYPE_INT_RGB);
                    for (int p = 0; p < 63; p++) {
                        img.setRGB(p % 9, p / 9, (cls.hashCode() * 31 + i * 977 + p * 7919) & 0xFFFFFF);
                    }
                    Path f = Files.createDirectories(root.resolve(split).resolve(cls)).resolve(i + ".png");
                    assertTrue(ImageIO.write(img, "png", f.toFile()));
                }
            }
        }
        Files.writeString(root.resolve("train/cat/notes.txt"), "skipped, as locally");
        return root;
    }

    private void sameEntryAsLocal(String kind, Path local) throws Exception {
        Path viaHadoop = tmp.resolve("f-hadoop-" + kind);
        Path single = tmp.resolve("f-local-" + kind);
        String uri = local.toUri().toString(); // file:///...
        CliRun spark = run("extract", "--dataset", kind, "--data", uri, "--features-dir", viaHadoop.toString(),
                "--input-size", "32", "--weights", "random:3", "--batch", "4", "--spark", "local[2]", "--shard-rows", "4");
        assertEquals(0, spark.code(), spark.toString());
        FeatureEntry entry = FeatureStore.list(viaHadoop).get(0);
        assertTrue(entry.manifest().dataset().location().startsWith("file:"),
                "read through Hadoop, so the location is a URI: " + entry.manifest().dataset().location());

        String[] plain = {"extract", "--dataset", kind, "--data", local.toString(), "--input-size", "32", "--weights",
            "random:3", "--batch", "4", "--features-dir"};
        CliRun hit = run(append(plain, viaHadoop.toString()));
        assertEquals(0, hit.code(), hit.toString());
        assertTrue(hit.out().contains("cache hit"), "same key as a plain extract of the local path:\n" + hit);
        CliRun reference = run(append(plain, single.toString()));
        assertEquals(0, reference.code(), reference.toString());
        assertEquals(FeatureStore.list(single).get(0).name(), entry.name());
        SparkExtractTest.assertSameFeatures(FeatureStore.list(single).get(0), entry);
    }

    private static String[] append(String[] head, String last) {
        String[] all = java.util.Arrays.copyOf(head, head.length + 1);
        all[head.length] = last;
        return all;
    }

    @Test
    void anImageFolderReadThroughHadoopGivesTheLocalEntry() throws Exception {
        sameEntryAsLocal("folder", photos(tmp.resolve("photos")));
    }

    @Test
    void cifarBatchesReadThroughHadoopGiveTheLocalEntry() throws Exception {
        sameEntryAsLocal("cifar10", Fixtures.cifarFolder(tmp, 6));
    }

    @Test
    void uriMistakesAreOneLine() throws Exception {
        CliRun noSpark = run("extract", "--data", "hdfs://namenode/datasets/cifar", "--features-dir", tmp.resolve("f").toString());
        assertEquals(2, noSpark.code(), noSpark.toString());
        assertTrue(noSpark.cleanError() && noSpark.err().contains("--spark"), noSpark.toString());

        CliRun noFileSystem = run("extract", "--data", "nosuchfs://host/data", "--features-dir", tmp.resolve("f").toString(),
                "--weights", "random:1", "--spark", "local[2]");
        assertEquals(2, noFileSystem.code(), noFileSystem.toString());
        assertTrue(noFileSystem.cleanError() && noFileSystem.err().contains("no Hadoop file system for the scheme 'nosuchfs'"),
                noFileSystem.toString());

        CliRun missing = run("extract", "--dataset", "folder", "--data", tmp.resolve("absent").toUri().toString(),
                "--features-dir", tmp.resolve("f").toString(), "--weights", "random:1", "--spark", "local[2]");
        assertEquals(1, missing.code(), missing.toString());
        assertTrue(missing.cleanError() && missing.err().contains("found nothing"), missing.toString());
        assertEquals(1, missing.err().lines().count(), missing.toString());
    }

    /**
     * Item 7 of issue 23: a rewrite that keeps size and mtime (new pixels, {@code touch -d} back) changes the
     * fingerprint, hence the cache key, on both routes, and both routes agree before and after.
     */
    @Test
    void bothRoutesSeeNewPixelsWithTheSameSizeAndMtime() throws Exception {
        Path root = photos(tmp.resolve("photos"));
        dev.frozen.FrozenHome home = new dev.frozen.FrozenHome(tmp.resolve("home"));
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        String uri = root.toUri().toString();
        String local = dev.frozen.data.Datasets.open("folder", root, quiet, false, home).fingerprint();
        String hadoop = SparkExtraction.openDataset("folder", uri, quiet, false, home).fingerprint();
        assertEquals(local, hadoop);

        Path image = root.resolve("train/cat/0.png");
        java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(image);
        byte[] bytes = Files.readAllBytes(image);
        BufferedImage img = ImageIO.read(image.toFile());
        byte[] changed;
        int rgb = 1;
        do { // new pixels whose PNG has the old length
            img.setRGB(0, 0, rgb++);
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            assertTrue(ImageIO.write(img, "png", png));
            changed = png.toByteArray();
        } while (changed.length != bytes.length || java.util.Arrays.equals(changed, bytes));
        Files.write(image, changed);
        Files.setLastModifiedTime(image, mtime);
        assertEquals(Files.getLastModifiedTime(image), mtime);
        String hadoopAfter = SparkExtraction.openDataset("folder", uri, quiet, false, home).fingerprint();
        String localAfter = dev.frozen.data.Datasets.open("folder", root, quiet, false, home).fingerprint();
        assertNotEquals(hadoop, hadoopAfter, "the Spark route must miss");
        assertEquals(localAfter, hadoopAfter, "both routes decide by the same rule");
    }
}
