package dev.frozen.features;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frozen.DataError;
import dev.frozen.Json;
import dev.frozen.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest whose {@code files} names something outside the entry folder (with matching checksums and a recomputed
 * manifest.sha256) is refused by every reader before anything is written: cache pull never creates or overwrites
 * a file outside the destination.
 */
public class EscapingNamesTest {
    @TempDir Path tmp;

    /** Writes entry {@code e1} into {@code shared} and lists {@code evil} in its manifest, the hashes all matching. */
    public static void forgedEntry(Path shared, String evil, Path evilFile) throws Exception {
        FeatureSet set = FeatureStoreTest.randomSet(4, 2, 1);
        FeatureStore.write(shared, TestManifests.of("e1", 2, 4, 4, List.of("a", "b", "c")), set, set);
        Files.createDirectories(evilFile.getParent());
        Files.writeString(evilFile, "attacker's bytes");
        Path manifest = shared.resolve("e1/manifest.json");
        ObjectNode m = (ObjectNode) Json.MAPPER.readTree(manifest.toFile());
        ObjectNode info = ((ObjectNode) m.get("files")).putObject(evil);
        info.put("bytes", Files.size(evilFile));
        info.put("sha256", Integrity.sha256(evilFile));
        byte[] bytes = (Json.MAPPER.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(manifest, bytes);
        Files.write(shared.resolve("e1/manifest.sha256"), FeatureStore.manifestShaBytes(bytes));
    }

    @Test
    void cachePullRefusesANameThatLeavesTheEntryFolder() throws Exception {
        Path shared = tmp.resolve("shared");
        Path local = tmp.resolve("a/local");
        // From local/e1.partial, ../../victim is a/victim; from shared/e1 it is tmp/victim.
        Path victim = tmp.resolve("a/victim");
        Files.createDirectories(victim.getParent());
        Files.writeString(victim, "keep me");
        forgedEntry(shared, "../../victim", tmp.resolve("victim"));

        CliRun pull = CliRun.in(tmp.resolve("home"), "cache", "pull", "--from", shared.toString(), "--features-dir", local.toString());
        assertEquals(1, pull.code(), pull.toString());
        assertTrue(pull.cleanError() && pull.err().contains("'../../victim', a path"), pull.toString());
        assertEquals("keep me", Files.readString(victim));
        assertFalse(Files.exists(local.resolve("e1")) || Files.exists(local.resolve("e1.partial")), "nothing was written");

        // Every other reader refuses the same manifest: fit, verify.
        CliRun fit = CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", shared.toString());
        assertEquals(1, fit.code(), fit.toString());
        assertTrue(fit.err().contains("plain file names"), fit.toString());
        CliRun verify = CliRun.in(tmp.resolve("home"), "verify", "--features-dir", shared.toString());
        assertEquals(1, verify.code(), verify.toString());
    }

    @Test
    void absoluteAndBackslashNamesAreRefusedToo() throws Exception {
        for (String evil : new String[] {tmp.resolve("abs-victim").toString(), "..\\victim", "sub/train.arrow"}) {
            Path shared = tmp.resolve("shared-" + Integer.toHexString(evil.hashCode()));
            forgedEntry(shared, evil, tmp.resolve("source-" + Integer.toHexString(evil.hashCode())));
            DataError e = assertThrows(DataError.class, () -> EntryCopy.pull(shared, "e1", tmp.resolve("dest")), evil);
            assertTrue(e.getMessage().contains("plain file names"), e.getMessage());
        }
        assertFalse(Files.exists(tmp.resolve("abs-victim")));
        assertFalse(Files.exists(tmp.resolve("dest/e1")));
    }
}
