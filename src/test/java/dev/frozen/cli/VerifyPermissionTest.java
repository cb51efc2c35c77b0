package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Issue 23 item 9: verify's closing line advises access, not a rebuild, for entries it could not read. */
class VerifyPermissionTest {
    @Test
    void deniedEntriesAreNotAdvisedARebuild() {
        assertTrue(VerifyCommand.deniedProblem("permission denied reading Arrow features file /f/e/train.arrow; ask"));
        assertTrue(VerifyCommand.deniedProblem("expected a readable file at /f/e/test.arrow, found permission denied: /f/e/test.arrow"));
        assertFalse(VerifyCommand.deniedProblem("expected SHA-256 ab12 for /f/e/train.arrow, found cd34 (corrupted)"));

        String allDenied = VerifyCommand.failure(2, 2, 3, Path.of("/f"));
        assertTrue(allDenied.contains("permission denied"), allDenied);
        assertFalse(allDenied.contains("--force") || allDenied.contains("rebuild"), allDenied);

        String mixed = VerifyCommand.failure(2, 1, 3, Path.of("/f"));
        assertTrue(mixed.contains("1 of them only for permission denied") && mixed.contains("--force"), mixed);
        assertTrue(VerifyCommand.failure(1, 0, 1, Path.of("/f")).contains("--force"));
    }
}
