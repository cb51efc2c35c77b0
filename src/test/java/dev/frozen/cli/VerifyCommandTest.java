package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.data.Split;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.TestManifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    @TempDir Path tmp;

    @Test
    void verifyAndFitDetectATruncatedFile() throws Exception {
        float[][] x = {{1, 2}, {3, 4}, {5, 6}};
        FeatureSet set = new FeatureSet(x, new int[] {0, 1, 2}, List.of("a", "b", "c"));
        FeatureEntry entry = FeatureStore.write(tmp, TestManifests.of("e1", 2, 3, 3, List.of("a", "b", "c")), set, set);
        CliRun ok = CliRun.of("verify", "--features-dir", tmp.toString());
        assertEquals(0, ok.code(), ok.toString());
        assertEquals(2, ok.out().lines().filter(l -> l.startsWith("ok ")).count(), ok.out());

        Path train = entry.arrowFile(Split.TRAIN);
        byte[] bytes = Files.readAllBytes(train);
        Files.write(train, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CliRun bad = CliRun.of("verify", "--features-dir", tmp.toString());
        assertEquals(1, bad.code(), bad.toString());
        assertTrue(bad.out().contains("FAIL  e1/train.arrow"), bad.out());
        assertTrue(bad.cleanError() && bad.err().contains("extract --force"), bad.toString());
        assertTrue(bad.out().contains("rebuild: frozen extract --dataset folder --data /nowhere --weights random:1 --layer "
                + "block5_pool --input-size 32 --features-dir " + tmp + " --force"), bad.out());

        CliRun fit = CliRun.of("fit", "--head", "logreg", "--features-dir", tmp.toString());
        assertEquals(1, fit.code(), fit.toString());
        assertTrue(fit.cleanError() && fit.err().contains("--force"), fit.toString());
    }

    @Test
    void fitWithoutAnyEntrySaysToExtractFirst() {
        CliRun fit = CliRun.of("fit", "--head", "svm", "--features-dir", tmp.resolve("none").toString());
        assertEquals(1, fit.code(), fit.toString());
        assertTrue(fit.err().contains("run 'frozen extract' first"), fit.toString());
    }
}
