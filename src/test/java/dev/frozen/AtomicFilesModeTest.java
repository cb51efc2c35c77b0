package dev.frozen;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 item 9: what frozen publishes follows the umask, as a plain file creation does, so a shared features
 * folder stays readable by the users the umask admits (a temporary file from createTempFile would be 0600).
 */
class AtomicFilesModeTest {
    @TempDir Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void publishedFilesAndFoldersFollowTheUmask() throws Exception {
        String plainFile = mode(Files.createFile(tmp.resolve("plain")));
        String plainDir = mode(Files.createDirectory(tmp.resolve("plain-dir")));
        assertTrue(plainFile.startsWith("rw-"), plainFile);

        Path manifest = tmp.resolve("manifest.json");
        AtomicFiles.writeString(manifest, "{}");
        assertEquals(plainFile, mode(manifest));
        AtomicFiles.writeString(manifest, "{\"again\": 1}"); // replacing keeps following it
        assertEquals(plainFile, mode(manifest));
        assertEquals("{\"again\": 1}", Files.readString(manifest));

        Path dir = AtomicFiles.createTempDir(tmp, ".partial-");
        assertTrue(dir.getFileName().toString().startsWith(".partial-"));
        assertEquals(plainDir, mode(dir));
        assertNotEquals(dir, AtomicFiles.createTempDir(tmp, ".partial-"));
        try (var left = Files.list(tmp)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary left");
        }
    }
}
