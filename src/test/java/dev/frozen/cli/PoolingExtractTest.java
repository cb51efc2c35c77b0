package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.data.Fixtures;
import dev.frozen.data.Split;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --pooling avg|max: pooled rows equal the pooled spatial rows of the same images, in their own cache entry. */
class PoolingExtractTest {
    @TempDir Path tmp;
    Path data;
    Path features;

    @BeforeEach
    void setUp() throws Exception {
        data = Fixtures.cifarFolder(tmp, 4);
        features = tmp.resolve("features");
    }

    private CliRun extract(String pooling) {
        return CliRun.in(tmp.resolve("home"), "extract", "--data", data.toString(), "--features-dir", features.toString(), "--input-size", "64",
                "--layer", "block4_pool", "--weights", "random:5", "--pooling", pooling);
    }

    private FeatureEntry entry(String suffix) {
        return FeatureStore.list(features).stream().filter(e -> e.name().contains(suffix)).findFirst().orElseThrow();
    }

    @Test
    void pooledFeaturesArePooledSpatialFeaturesInTheirOwnEntry() {
        assertEquals(0, extract("none").code());
        CliRun avg = extract("avg");
        assertEquals(0, avg.code(), avg.toString());
        assertTrue(avg.out().contains("x 512 features [1, 1, 512]"), avg.out());
        CliRun max = extract("max");
        assertEquals(0, max.code(), max.toString());
        assertEquals(3, FeatureStore.list(features).size());
        assertTrue(extract("avg").out().startsWith("cache hit: "));

        FeatureEntry spatial = FeatureStore.list(features).stream()
                .filter(e -> !e.name().contains("pool-") || e.name().matches(".*block4_pool-64px-random-.*")).findFirst().orElseThrow();
        assertEquals(List.of(4, 4, 512), spatial.manifest().featureShape());
        assertEquals("avg", entry("avgpool").manifest().pooling());
        for (Split split : Split.values()) {
            FeatureSet s = spatial.load(split);
            FeatureSet a = entry("avgpool").load(split);
            FeatureSet m = entry("maxpool").load(split);
            double worst = 0;
            for (int i = 0; i < s.size(); i++) {
                assertEquals(s.labels()[i], a.labels()[i]);
                for (int c = 0; c < 512; c++) {
                    double sum = 0;
                    float hi = Float.NEGATIVE_INFINITY;
                    for (int p = 0; p < 16; p++) {
                        sum += s.features()[i][p * 512 + c];
                        hi = Math.max(hi, s.features()[i][p * 512 + c]);
                    }
                    double mean = sum / 16;
                    worst = Math.max(worst, Math.abs(a.features()[i][c] - mean) / Math.max(1e-6, Math.abs(mean)));
                    assertEquals(hi, m.features()[i][c], 0f);
                }
            }
            assertTrue(worst <= 1e-5, "max relative difference " + worst);
        }
        CliRun fit = CliRun.in(tmp.resolve("home"), "fit", "--features-dir", features.toString(), "--features", entry("avgpool").name(),
                "--head", "logreg", "--val-fraction", "0");
        assertEquals(0, fit.code(), fit.toString());
        CliRun bad = CliRun.in(tmp.resolve("home"), "fit", "--features-dir", features.toString(), "--features", entry("avgpool").name(),
                "--head", "dense", "--trainable-blocks", "1");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("pooled"), bad.err());
    }
}
