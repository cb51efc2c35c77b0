package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.Manifest;
import dev.frozen.heads.Head;
import dev.frozen.heads.Heads;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fit --head dense --trainable-blocks K} through the CLI on a hand-made block4_pool entry. */
class FitTrainableBlocksTest {
    static final String ENTRY = "synthetic-vgg16-block4_pool-32px-random-00000000";

    @TempDir
    Path tmp;

    /** block4_pool at 32 px (2x2x512) with random:1 weights; the rows are random non-negative activations. */
    private Path writeEntry() {
        List<String> classes = List.of("a", "b");
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, ENTRY,
                new Manifest.Dataset("folder", "synthetic", "f".repeat(64), "/nowhere"),
                new Manifest.Weights("random:1", null, true),
                "vgg16", "block4_pool", 32, "caffe", List.of(2, 2, 512), 2048,
                Map.of("train", 16, "test", 6), classes, Map.of(), Map.of("frozen", "test"), "2026-01-01T00:00:00Z", null, null);
        Path features = tmp.resolve("features");
        FeatureStore.write(features, m, rows(16, 1, classes), rows(6, 2, classes));
        return features;
    }

    private static FeatureSet rows(int n, long seed, List<String> classes) {
        Random r = new Random(seed);
        float[][] x = new float[n][2048];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 2048; j++) {
                x[i][j] = r.nextFloat() * (1 + y[i]);
            }
        }
        return new FeatureSet(x, y, classes);
    }

    @Test
    void fitsRecordsAndReloads() {
        Path features = writeEntry();
        CliRun r = CliRun.of("fit", "--features-dir", features.toString(), "--head", "dense", "--trainable-blocks", "1",
                "--hidden", "8", "--epochs", "1", "--batch", "8", "--val-fraction", "0.25");
        assertEquals(0, r.code(), r.toString());
        Matcher m = Pattern.compile("run record:\\s+(\\S+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        RunRecord record = RunStore.read(Path.of(m.group(1)));
        assertEquals(1, record.params().get("trainable_blocks"));
        assertEquals("block4_pool", record.layer());

        Head head = Heads.load(features.resolve(ENTRY).resolve("runs").resolve(record.modelFile()));
        FeatureSet test = rows(6, 2, List.of("a", "b"));
        int[] predicted = head.predict(test.features());
        long right = java.util.stream.IntStream.range(0, predicted.length).filter(i -> predicted[i] == test.labels()[i]).count();
        assertEquals(record.testAccuracy(), (double) right / predicted.length, 1e-12); // the reloaded model is the evaluated one
        assertEquals(1, head.params().get("trainable_blocks"));
    }

    @Test
    void usageErrorsExitWithTwo() {
        Path features = writeEntry();
        String dir = features.toString();
        CliRun tooHigh = CliRun.of("fit", "--features-dir", dir, "--head", "dense", "--trainable-blocks", "2");
        assertEquals(2, tooHigh.code(), tooHigh.toString());
        // The suggestion repeats the entry's own data, weights, size and folder: the defaults would download CIFAR-10.
        assertTrue(tooHigh.err().contains("--trainable-blocks 2 needs features cached at a pool layer, block3_pool or below, "
                + "but entry " + ENTRY + " is cached at block4_pool; run 'frozen extract --dataset folder --data /nowhere "
                + "--weights random:1 --layer block3_pool --input-size 32 --features-dir " + dir + "'"), tooHigh.err());
        assertTrue(tooHigh.cleanError(), tooHigh.err());

        CliRun outOfRange = CliRun.of("fit", "--features-dir", dir, "--head", "dense", "--trainable-blocks", "6");
        assertEquals(2, outOfRange.code(), outOfRange.toString());
        assertTrue(outOfRange.err().contains("--trainable-blocks must be in 0..5 (got 6)"), outOfRange.err());
        assertEquals(2, CliRun.of("fit", "--features-dir", dir, "--head", "dense", "--trainable-blocks", "-1").code());

        CliRun wrongHead = CliRun.of("fit", "--features-dir", dir, "--head", "svm", "--trainable-blocks", "1");
        assertEquals(2, wrongHead.code(), wrongHead.toString());
        assertTrue(wrongHead.err().contains("--trainable-blocks does not apply to head svm"), wrongHead.err());
    }
}
