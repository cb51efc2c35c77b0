package dev.frozen.features;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import dev.frozen.UsageError;
import dev.frozen.Json;
import dev.frozen.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureStoreTest {
    @TempDir Path tmp;

    static FeatureSet randomSet(int rows, int dim, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[rows][dim];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dim; j++) {
                x[i][j] = (float) r.nextGaussian();
            }
            y[i] = r.nextInt(3);
        }
        return new FeatureSet(x, y, List.of("a", "b", "c"));
    }

    @Test
    void roundTripKeepsRowsOrderValuesAndManifest() throws Exception {
        FeatureSet train = randomSet(37, 5, 1), test = randomSet(11, 5, 2);
        Manifest m = TestManifests.of("e1", 5, 37, 11, List.of("a", "b", "c"));
        FeatureEntry written = FeatureStore.write(tmp, m, train, test);

        assertEquals(tmp.resolve("e1"), written.dir());
        assertTrue(Files.isRegularFile(tmp.resolve("e1/train.arrow")));
        assertFalse(Files.exists(tmp.resolve("e1" + PartialEntry.SUFFIX)), "partial folder must be gone");
        FeatureSet back = FeatureStore.resolve(tmp, null).load(Split.TRAIN);
        assertArrayEquals(train.labels(), back.labels());
        for (int i = 0; i < train.size(); i++) {
            assertArrayEquals(train.features()[i], back.features()[i]);
        }
        assertEquals(11, written.load(Split.TEST).size());
        Manifest embedded = Json.MAPPER.readValue(ArrowFeatures.manifestJson(tmp.resolve("e1/test.arrow")), Manifest.class);
        assertEquals("block5_pool", embedded.layer());
        assertEquals(2, written.manifest().files().size());
    }

    @Test
    void resolveExplainsNoneAndSeveral() {
        DataError none = assertThrows(DataError.class, () -> FeatureStore.resolve(tmp, null));
        assertTrue(none.getMessage().contains("run 'frozen extract' first"), none.getMessage());
        FeatureStore.write(tmp, TestManifests.of("e1", 2, 3, 1, List.of("a", "b", "c")), randomSet(3, 2, 1), randomSet(1, 2, 2));
        FeatureStore.write(tmp, TestManifests.of("e2", 2, 3, 1, List.of("a", "b", "c")), randomSet(3, 2, 1), randomSet(1, 2, 2));
        UsageError several = assertThrows(UsageError.class, () -> FeatureStore.resolve(tmp, null));
        assertTrue(several.getMessage().contains("e1 (synthetic") && several.getMessage().contains("; e2 ("), several.getMessage());
        assertEquals("e2", FeatureStore.resolve(tmp, "e2").name());
        assertThrows(UsageError.class, () -> FeatureStore.resolve(tmp, "nope"));
    }

    @Test
    void foreignFilesAreNotEntries() throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "hi");
        Files.createDirectories(tmp.resolve("photos"));
        DataError e = assertThrows(DataError.class, () -> FeatureStore.resolve(tmp, null));
        assertTrue(e.getMessage().contains("2 other file(s)"), e.getMessage());
    }

    @Test
    void truncatedOrCorruptedFileIsDetected() throws Exception {
        FeatureEntry entry = FeatureStore.write(tmp, TestManifests.of("e1", 4, 20, 5, List.of("a", "b", "c")),
                randomSet(20, 4, 1), randomSet(5, 4, 2));
        Path file = entry.arrowFile(Split.TRAIN);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);
        DataError corrupt = assertThrows(DataError.class, () -> FeatureStore.resolve(tmp, null).load(Split.TRAIN));
        assertTrue(shown(corrupt).contains("--force"), shown(corrupt));

        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 40));
        DataError truncated = assertThrows(DataError.class, () -> entry.load(Split.TRAIN));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
    }

    @Test
    void partialEntryIsInvisibleAndResumesFromContiguousChunks() {
        try (PartialEntry partial = PartialEntry.open(tmp, "e1", false)) {
            partial.commitChunk(Split.TRAIN, 0, new int[] {0, 1}, new float[] {1, 2, 3, 4}, 2, 2);
            partial.commitChunk(Split.TRAIN, 2, new int[] {2}, new float[] {5, 6}, 1, 2);
            partial.commitChunk(Split.TRAIN, 5, new int[] {2}, new float[] {5, 6}, 1, 2);
            assertEquals(3, partial.committedRows(Split.TRAIN));
            assertEquals(0, partial.committedRows(Split.TEST));
            assertTrue(FeatureStore.list(tmp).isEmpty());
            DataError incomplete = assertThrows(DataError.class,
                    () -> partial.complete(TestManifests.of("e1", 2, 4, 0, List.of("a", "b", "c"))));
            assertTrue(incomplete.getMessage().contains("resume"), incomplete.getMessage());
            assertTrue(FeatureStore.list(tmp).isEmpty());
        }
    }

    /** The message as the command line shows it: each setting by its flag. */
    private static String shown(Throwable e) {
        return dev.frozen.Setting.render(e.getMessage(), dev.frozen.Setting.FLAGS);
    }
}
