package dev.frozen.features;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import dev.frozen.UsageError;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryNamesTest {
    @TempDir Path tmp;

    private void entry(String name, String dataset) {
        Manifest base = TestManifests.of(name, 2, 3, 1, List.of("a", "b", "c"));
        Manifest m = new Manifest(base.formatVersion(), name, new Manifest.Dataset("folder", dataset, "f".repeat(64), "/x"),
                base.weights(), base.backbone(), base.layer(), base.inputSize(), base.preprocessing(), base.featureShape(),
                base.featureDim(), base.rows(), base.classNames(), base.files(), base.versions(), base.created(),
                base.pooling(), base.precision());
        FeatureStore.write(tmp, m, FeatureStoreTest.randomSet(3, 2, 1), FeatureStoreTest.randomSet(1, 2, 2));
    }

    @Test
    void acceptsTheFullNameAUniquePrefixAndADatasetWithOneEntry() {
        entry("photos-block5_pool-48px-aaaa", "photos");
        entry("cifar10-block5_pool-48px-bbbb", "cifar10");
        entry("cifar10-block4_pool-48px-cccc", "cifar10");
        assertEquals("cifar10-block4_pool-48px-cccc", EntryNames.resolve(tmp, "cifar10-block4_pool-48px-cccc"));
        assertEquals("cifar10-block5_pool-48px-bbbb", EntryNames.resolve(tmp, "cifar10-block5"));
        assertEquals("photos-block5_pool-48px-aaaa", EntryNames.resolve(tmp, "ph"));
        assertEquals("photos-block5_pool-48px-aaaa", FeatureStore.resolve(tmp, "photos").name());
        assertEquals(tmp.resolve("cifar10-block5_pool-48px-bbbb"), FeatureStore.resolveDir(tmp, "cifar10-block5"));
    }

    @Test
    void aDatasetNameMatchesWhenNoEntryStartsWithIt() {
        entry("e-aaaa", "photos");
        entry("e-bbbb", "scans");
        assertEquals("e-bbbb", EntryNames.resolve(tmp, "scans"));
    }

    @Test
    void anAmbiguousNameListsTheCandidatesOnOneLine() {
        entry("cifar10-block5_pool-48px-bbbb", "cifar10");
        entry("cifar10-block4_pool-48px-cccc", "cifar10");
        entry("photos-block5_pool-48px-aaaa", "photos");
        UsageError e = assertThrows(UsageError.class, () -> EntryNames.resolve(tmp, "cifar10"));
        String m = e.getMessage();
        assertTrue(m.contains("ambiguous") && m.contains("cifar10-block5_pool-48px-bbbb (cifar10, block5_pool, 32 px")
                && m.contains("cifar10-block4_pool-48px-cccc"), m);
        assertFalse(m.contains("photos-block5"), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void listsAtMostTenCandidatesAndCountsTheRest() {
        for (int i = 0; i < 12; i++) {
            entry(String.format("e%02d", i), "d");
        }
        UsageError e = assertThrows(UsageError.class, () -> EntryNames.resolve(tmp, "e"));
        assertTrue(e.getMessage().contains("e09 (") && !e.getMessage().contains("e10 (")
                && e.getMessage().contains("and 2 more"), e.getMessage());
    }

    @Test
    void unknownNamesAndPathsAreRefusedPlainly() {
        assertThrows(DataError.class, () -> EntryNames.resolve(tmp, "x"));
        entry("e-aaaa", "photos");
        UsageError none = assertThrows(UsageError.class, () -> EntryNames.resolve(tmp, "zzz"));
        assertTrue(none.getMessage().contains("e-aaaa (photos"), none.getMessage());
        assertThrows(UsageError.class, () -> EntryNames.resolve(tmp, "../e-aaaa"));
        assertThrows(UsageError.class, () -> EntryNames.resolve(tmp, ""));
    }
}
