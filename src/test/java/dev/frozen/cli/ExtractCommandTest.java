package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.backbone.TestH5;
import dev.frozen.backbone.Vgg16Weights;
import dev.frozen.data.Fixtures;
import dev.frozen.features.FeatureStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractCommandTest {
    @TempDir Path tmp;
    Path data;
    Path features;

    @BeforeEach
    void setUp() throws Exception {
        data = Fixtures.cifarFolder(tmp, 3);
        features = tmp.resolve("features");
    }

    private CliRun extract(String... extra) {
        String[] base = {"extract", "--data", data.toString(), "--features-dir", features.toString(), "--input-size", "32"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.in(tmp.resolve("home"), args);
    }

    @Test
    void extractsThenHitsTheCache() {
        CliRun first = extract("--weights", "random:3");
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().contains("wrote "), first.out());
        assertTrue(first.out().contains("train 15, test 3 rows x 512 features"), first.out());
        assertTrue(first.out().contains("meaningless") || first.out().contains("mean nothing"), first.out());
        CliRun second = extract("--weights", "random:3");
        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().startsWith("cache hit: "), second.out());
        CliRun other = extract("--weights", "random:4");
        assertTrue(other.out().contains("wrote "), other.out());
        assertEquals(2, FeatureStore.list(features).size());
    }

    @Test
    void loadsAKerasH5File() {
        Path h5 = tmp.resolve("vgg16_notop.h5");
        TestH5.write(h5, Vgg16Weights.random(9), TestH5.Style.NEW);
        CliRun run = extract("--weights", h5.toString(), "--layer", "block2_pool");
        assertEquals(0, run.code(), run.toString());
        var entry = FeatureStore.list(features).get(0);
        assertEquals("vgg16_notop.h5", entry.manifest().weights().id());
        assertEquals(64, entry.manifest().weights().sha256().length());
        assertEquals(8 * 8 * 128, entry.manifest().featureDim());
    }

    @Test
    void aLayerListMakesTheSameEntriesAsOneLayerAtATime() {
        CliRun both = extract("--weights", "random:3", "--layer", "block5_pool,block2_conv2", "--batch", "4");
        assertEquals(0, both.code(), both.toString());
        assertTrue(both.out().contains("block5_pool: wrote ") && both.out().contains("block2_conv2: wrote "), both.out());
        assertTrue(both.out().contains("x 32768 features [16, 16, 128]"), both.out());
        Path single = features;
        features = tmp.resolve("single");
        for (String layer : new String[] {"block2_conv2", "block5_pool"}) {
            CliRun one = extract("--weights", "random:3", "--layer", layer, "--batch", "4");
            assertEquals(0, one.code(), one.toString());
        }
        var together = FeatureStore.list(single);
        var apart = FeatureStore.list(features);
        assertEquals(2, together.size());
        assertEquals(2, apart.size());
        for (var entry : together) {
            var twin = apart.stream().filter(e -> e.name().equals(entry.name())).findFirst().orElseThrow();
            for (var split : dev.frozen.data.Split.values()) {
                var a = entry.load(split);
                var b = twin.load(split);
                assertArrayEquals(b.labels(), a.labels(), entry.name());
                assertEquals(b.size(), a.size());
                for (int r = 0; r < a.size(); r++) {
                    assertArrayEquals(b.features()[r], a.features()[r], entry.name() + " " + split + " row " + r);
                }
            }
        }
        CliRun again = extract("--weights", "random:3", "--layer", "block2_conv2,block5_pool");
        assertTrue(again.out().contains("block2_conv2: cache hit") && again.out().contains("block5_pool: cache hit"), again.out());
    }

    @Test
    void aBadLayerListIsOneUsageLine() {
        CliRun twice = extract("--weights", "random:3", "--layer", "block4_pool,block4_pool");
        assertEquals(2, twice.code(), twice.toString());
        assertTrue(twice.err().contains("block4_pool is listed twice"), twice.toString());
        CliRun unknown = extract("--weights", "random:3", "--layer", "block4_pool,block4_conv9");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("--layer: expected a VGG16 layer") && unknown.err().contains("found 'block4_conv9'"),
                unknown.toString());
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        String[][] cases = {
            {"--input-size", "31", "--weights", "random:1"},
            {"--layer", "block6_pool", "--weights", "random:1"},
            {"--weights", "random:abc"},
            {"--dataset", "imagenet21k", "--weights", "random:1"},
            {"--batch", "0", "--weights", "random:1"},
            {"--preprocessing", "tf", "--weights", "random:1"},
            {"--weights", tmp.resolve("absent.h5").toString()},
            {"--no-such-option"},
        };
        for (String[] c : cases) {
            CliRun run = extract(c);
            assertEquals(2, run.code(), String.join(" ", c) + "\n" + run);
            assertTrue(run.err().startsWith("error: "), run.toString());
            assertFalse(run.err().contains("\tat "), run.toString());
        }
        assertTrue(FeatureStore.list(features).isEmpty());
    }

    @Test
    void dataErrorsExitOneWithoutStackTraceOrEntry() throws Exception {
        Path notH5 = tmp.resolve("weights.h5");
        Files.writeString(notH5, "not hdf5");
        CliRun badWeights = extract("--weights", notH5.toString());
        assertEquals(1, badWeights.code(), badWeights.toString());
        assertTrue(badWeights.cleanError() && badWeights.err().contains("not HDF5"), badWeights.toString());

        CliRun missing = CliRun.in(tmp.resolve("home"), "extract", "--data", tmp.resolve("nowhere").toString(), "--weights", "random:1",
                "--features-dir", features.toString());
        assertEquals(1, missing.code(), missing.toString());
        assertTrue(missing.cleanError(), missing.toString());

        Files.write(data.resolve("data_batch_2.bin"), new byte[3073 * 2 + 5]);
        CliRun badSize = extract("--weights", "random:1");
        assertEquals(1, badSize.code(), badSize.toString());
        assertTrue(badSize.cleanError() && badSize.err().contains("data_batch_2.bin"), badSize.toString());
        assertTrue(FeatureStore.list(features).isEmpty());
    }

    @Test
    void verboseShowsTheStackTrace() throws Exception {
        Path notH5 = tmp.resolve("weights.h5");
        Files.writeString(notH5, "not hdf5");
        CliRun run = extract("--weights", notH5.toString(), "--verbose");
        assertEquals(1, run.code());
        assertTrue(run.err().contains("\tat "), run.toString());
    }
}
