package dev.frozen.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.TestManifests;
import dev.frozen.heads.Blobs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cache pull through Hadoop: a bad copy names the remote entry, an unwritable destination is not a bad copy. */
class HadoopPullWordingTest {
    @TempDir Path tmp;

    private String shared() {
        Blobs blobs = new Blobs(2, 3, 5);
        FeatureSet train = blobs.sample(6, 1);
        FeatureSet test = blobs.sample(4, 2);
        Path shared = tmp.resolve("shared");
        FeatureStore.write(shared, TestManifests.of("a1", train.dim(), 6, 4, train.classNames()), train, test);
        return shared.toUri().toString();
    }

    @Test
    void anUnwritableDestinationIsSaidBeforeDownloading() throws Exception {
        String uri = shared();
        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file");
        DataError e = assertThrows(DataError.class, () -> SparkExtraction.pull(uri, null, blocker.resolve("local")));
        assertTrue(e.getMessage().startsWith("cannot write into the destination " + blocker.resolve("local")), e.getMessage());
        assertFalse(shown(e).contains("failed its check") || shown(e).contains("--features:"), shown(e));
    }

    @Test
    void aCorruptCopyNamesTheRemoteEntryNotTheScratchFolder() throws Exception {
        String uri = shared();
        Path file = tmp.resolve("shared/a1/train.arrow");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        DataError e = assertThrows(DataError.class, () -> SparkExtraction.pull(uri, "a1", tmp.resolve("local")));
        assertTrue(e.getMessage().contains("failed its check") && e.getMessage().contains("shared/a1"), e.getMessage());
        assertFalse(e.getMessage().contains(".pull-"), e.getMessage());
    }

    /** The message as the command line shows it: each setting by its flag. */
    private static String shown(Throwable e) {
        return dev.frozen.Setting.render(e.getMessage(), dev.frozen.Setting.FLAGS);
    }
}
