package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.TestManifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every head kind refuses, with one line and exit 1 and before training, data it cannot learn from honestly. */
class FitClassRulesTest {
    @TempDir
    Path tmp;

    private static FeatureSet rows(int n, int[] labelsCycle, List<String> names, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][6];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labelsCycle[i % labelsCycle.length];
            for (int d = 0; d < 6; d++) {
                x[i][d] = (float) (r.nextGaussian() + y[i]);
            }
        }
        return new FeatureSet(x, y, names);
    }

    private Path store(String name, FeatureSet train, FeatureSet test) {
        Path features = tmp.resolve(name);
        FeatureStore.write(features, TestManifests.of("e", 6, train.size(), test.size(), train.classNames()), train, test);
        return features;
    }

    @Test
    void oneClassIsRefusedByEveryHead() {
        List<String> names = List.of("cat");
        Path features = store("one", rows(40, new int[] {0}, names, 1), rows(10, new int[] {0}, names, 2));
        for (String head : List.of("logreg", "svm", "dense")) {
            CliRun r = CliRun.of("fit", "--features-dir", features.toString(), "--head", head);
            assertEquals(1, r.code(), head + ": " + r.err());
            assertTrue(r.err().contains("expected training rows of at least 2 classes") && r.err().contains("'cat'"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(features.resolve("e/runs")) && features.resolve("e/runs").toFile().list().length > 0,
                    "no run may be written");
        }
    }

    @Test
    void aTestClassWithoutTrainingRowsIsRefused() {
        List<String> names = List.of("a", "b", "c");
        Path features = store("unseen", rows(40, new int[] {0, 1}, names, 1), rows(12, new int[] {0, 1, 2}, names, 2));
        for (String head : List.of("logreg", "svm", "dense")) {
            CliRun r = CliRun.of("fit", "--features-dir", features.toString(), "--head", head);
            assertEquals(1, r.code(), head + ": " + r.err());
            assertTrue(r.err().contains("expected every test class to have training rows") && r.err().contains("{c=4}"), r.err());
        }
    }
}
