package dev.frozen.features;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import dev.frozen.backbone.FrozenBase;
import dev.frozen.backbone.Preprocessing;
import dev.frozen.backbone.Vgg16Weights;
import dev.frozen.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractionTest {
    @TempDir Path tmp;
    static final Vgg16Weights WEIGHTS = Vgg16Weights.random(5);

    static Extraction.Request request(InMemoryDataset ds, Path dir, String layer, AtomicInteger weightLoads, boolean force) {
        Extraction.Weights weights = new Extraction.Weights("random:5", "random:5", true, () -> {
            weightLoads.incrementAndGet();
            return WEIGHTS;
        }, () -> "none", null);
        return new Extraction.Request(ds, weights, at32(layer, 4), dir, force, FrozenBase.Engine.ONEDNN);
    }

    static ExtractionSettings at32(String layer, int batch) {
        return ExtractionSettings.builder().layer(layer).inputSize(32).batch(batch).build();
    }

    @Test
    void writesRowsInDatasetOrderWithTheBaseOutput() {
        InMemoryDataset ds = new InMemoryDataset(32, 10, 3, 1);
        Extraction.Result result = Extraction.run(request(ds, tmp, "block5_pool", new AtomicInteger(), false), System.err);
        assertFalse(result.cacheHit());
        FeatureEntry entry = result.entry();
        assertTrue(entry.name().matches("mem-vgg16-block5_pool-32px-random-[0-9a-f]{8}"), entry.name());
        FeatureSet train = entry.load(Split.TRAIN);
        assertEquals(10, train.size());
        assertEquals(512, train.dim());
        assertEquals(3, entry.load(Split.TEST).size());
        float[] px = new float[32 * 32 * 3];
        Preprocessing.CAFFE.apply(ds.image(Split.TRAIN, 7).image(), 32, px, 0);
        float[] expected = FrozenBase.create(WEIGHTS, "block5_pool").forward(px, 1, 32);
        // Relative: a batch of 10 and a batch of 1 sum in different orders (sgemm blocks by rows on small maps).
        float max = 0;
        for (float v : expected) max = Math.max(max, Math.abs(v));
        assertTrue(max > 0, "all-zero features would prove nothing");
        assertArrayEquals(expected, train.features()[7], 1e-5f * max);
        assertEquals(7 % 3, train.labels()[7]);
        assertEquals(10, entry.manifest().rows().get("train"));
        assertEquals(java.util.List.of(1, 1, 512), entry.manifest().featureShape());
    }

    @Test
    void sameSettingsHitTheCacheWithoutLoadingWeightsOrTouchingFiles() throws Exception {
        InMemoryDataset ds = new InMemoryDataset(32, 5, 2, 2);
        AtomicInteger loads = new AtomicInteger();
        FeatureEntry first = Extraction.run(request(ds, tmp, "block5_pool", loads, false), System.err).entry();
        Path train = first.arrowFile(Split.TRAIN);
        FileTime before = Files.getLastModifiedTime(train);
        Extraction.Result again = Extraction.run(request(ds, tmp, "block5_pool", loads, false), System.err);
        assertTrue(again.cacheHit());
        assertEquals(1, loads.get(), "a cache hit must not load weights");
        assertEquals(before, Files.getLastModifiedTime(train));
        Extraction.Result other = Extraction.run(request(ds, tmp, "block4_pool", loads, false), System.err);
        assertFalse(other.cacheHit());
        assertNotEquals(first.name(), other.entry().name());
        assertEquals(2, FeatureStore.list(tmp).size());
        assertEquals(2 * 2 * 512, other.entry().manifest().featureDim());
    }

    @Test
    void interruptedRunResumesFromLastCommittedBatchWithIdenticalResult() {
        InMemoryDataset broken = new InMemoryDataset(32, 11, 2, 3);
        broken.failAtTrainRow = 9;
        Path dir = tmp.resolve("a");
        assertThrows(DataError.class, () -> Extraction.run(request(broken, dir, "block3_pool", new AtomicInteger(), false), System.err));
        assertTrue(FeatureStore.list(dir).isEmpty(), "a failed run must not leave a complete entry");

        broken.failAtTrainRow = -1;
        broken.readStarts.clear();
        FeatureEntry resumed = Extraction.run(request(broken, dir, "block3_pool", new AtomicInteger(), false), System.err).entry();
        assertEquals(8, broken.readStarts.get(0), "resume starts after the last committed batch of 4");

        InMemoryDataset clean = new InMemoryDataset(32, 11, 2, 3);
        FeatureEntry full = Extraction.run(request(clean, tmp.resolve("b"), "block3_pool", new AtomicInteger(), false), System.err).entry();
        FeatureSet x = resumed.load(Split.TRAIN), y = full.load(Split.TRAIN);
        assertArrayEquals(y.labels(), x.labels());
        for (int i = 0; i < 11; i++) {
            assertArrayEquals(y.features()[i], x.features()[i], "row " + i);
        }
    }

    @Test
    void aSharedPassResumesEachLayerFromItsOwnCommittedRows() {
        InMemoryDataset broken = new InMemoryDataset(32, 11, 2, 3);
        broken.failAtTrainRow = 9;
        Path dir = tmp.resolve("a");
        assertThrows(DataError.class, () -> Extraction.run(request(broken, dir, "block3_pool", new AtomicInteger(), false), System.err));
        broken.failAtTrainRow = -1;
        broken.readStarts.clear();
        // Batches of 3 against block3_pool's 8 committed rows: the batch [6, 9) gives it only row 8.
        Extraction.Request pool = new Extraction.Request(broken, new Extraction.Weights("random:5", "random:5", true,
                () -> WEIGHTS, () -> "none", null), at32("block3_pool", 3), dir, false, FrozenBase.Engine.ONEDNN);
        java.util.List<Extraction.Result> both = Extraction.runAll(java.util.List.of(pool, pool.withLayer("block2_conv1")),
                System.err);
        assertEquals(0, broken.readStarts.get(0), "block2_conv1 has nothing yet, so the pass starts at row 0");
        assertEquals("block3_pool", both.get(0).manifest().layer());
        assertEquals("block2_conv1", both.get(1).manifest().layer());
        for (Extraction.Result r : both) {
            String layer = r.manifest().layer();
            FeatureEntry alone = Extraction.run(request(new InMemoryDataset(32, 11, 2, 3), tmp.resolve("b"), layer,
                    new AtomicInteger(), false), System.err).entry();
            for (Split split : Split.values()) {
                FeatureSet x = r.entry().load(split), y = alone.load(split);
                assertArrayEquals(y.labels(), x.labels(), layer);
                for (int row = 0; row < y.size(); row++) {
                    float max = 0;
                    for (float v : y.features()[row]) max = Math.max(max, Math.abs(v));
                    assertTrue(max > 0, layer + " row " + row + " is all zeros");
                    assertArrayEquals(y.features()[row], x.features()[row], 1e-5f * max, layer + " " + split + " row " + row);
                }
            }
        }
    }

    @Test
    void forceRebuildsTheEntry() {
        InMemoryDataset ds = new InMemoryDataset(32, 3, 1, 4);
        AtomicInteger loads = new AtomicInteger();
        Extraction.run(request(ds, tmp, "block5_pool", loads, false), System.err);
        Extraction.Result forced = Extraction.run(request(ds, tmp, "block5_pool", loads, true), System.err);
        assertFalse(forced.cacheHit());
        assertEquals(2, loads.get());
        assertEquals(1, FeatureStore.list(tmp).size());
    }
}
