package dev.frozen.features;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import dev.frozen.UsageError;
import dev.frozen.heads.Blobs;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cache pull's messages name its own options (--from, --entry) and tell a read-only destination from a bad copy. */
class PullWordingTest {
    @TempDir Path tmp;

    private void entry(Path dir, String name) {
        Blobs blobs = new Blobs(2, 3, 5);
        FeatureSet train = blobs.sample(6, 1);
        FeatureSet test = blobs.sample(4, 2);
        FeatureStore.write(dir, TestManifests.of(name, train.dim(), 6, 4, train.classNames()), train, test);
    }

    @Test
    void severalEntriesAskForEntryNotFeatures() {
        Path shared = tmp.resolve("shared");
        entry(shared, "a1");
        entry(shared, "b2");
        UsageError e = assertThrows(UsageError.class, () -> EntryCopy.pull(shared, null, tmp.resolve("local")));
        assertTrue(shown(e).contains("choose one with --entry ("), shown(e));
        assertFalse(shown(e).contains("--features"), shown(e));
    }

    @Test
    void anEmptySourceNamesFrom() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        DataError e = assertThrows(DataError.class, () -> EntryCopy.pull(shared, null, tmp.resolve("local")));
        assertTrue(shown(e).contains("(or pass --from)"), shown(e));
        assertFalse(shown(e).contains("--features-dir"), shown(e));
    }

    @Test
    void anUnwritableDestinationIsNotAFailedCheck() throws Exception {
        Path shared = tmp.resolve("shared");
        entry(shared, "a1");
        // Tests run as root, which writes into read-only folders; a file in the way fails the same probe.
        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file");
        DataError e = assertThrows(DataError.class, () -> EntryCopy.pull(shared, null, blocker.resolve("local")));
        assertTrue(e.getMessage().startsWith("cannot write into the destination " + blocker.resolve("local")), e.getMessage());
        assertFalse(e.getMessage().contains("failed its check"), e.getMessage());
    }

    @Test
    void permissionDeniedIsSaidFirst() {
        Path dest = Path.of("/f/local");
        String m = EntryCopy.notWritable(dest, new AccessDeniedException("/f/local/.write-probe-1.tmp")).getMessage();
        assertTrue(m.startsWith("permission denied: cannot write into the destination /f/local; nothing was copied;"), m);
        assertFalse(m.contains("failed its check"), m);
    }

    /** The message as the command line shows it: each setting by its flag. */
    private static String shown(Throwable e) {
        return dev.frozen.Setting.render(e.getMessage(), dev.frozen.Setting.FLAGS);
    }
}
