package dev.frozen.experiments.runs;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe a fit makes before training: the entry's runs folder must take a new file. */
class RunsWritableTest {
    @TempDir Path tmp;

    @Test
    void aWritableFolderIsCreatedAndLeftWithoutTheProbe() throws IOException {
        Path runs = tmp.resolve("e/runs");
        RunStore.requireWritable(runs);
        assertTrue(Files.isDirectory(runs));
        try (Stream<Path> s = Files.list(runs)) {
            assertEquals(0, s.count(), "the probe file is deleted");
        }
    }

    @Test
    void permissionAndReadOnlyCausesAreNamedFirst() {
        Path runs = Path.of("/f/e/runs");
        String denied = RunStore.notWritable(runs, new AccessDeniedException(runs + "/.write-probe-1.tmp")).getMessage();
        assertTrue(denied.startsWith("permission denied: cannot write runs into /f/e/runs; nothing was trained;"), denied);
        assertFalse(denied.contains("--force") || denied.contains("rebuild"), denied);
        String readOnly = RunStore.notWritable(runs, new FileSystemException(runs.toString(), null, "Read-only file system"))
                .getMessage();
        assertTrue(readOnly.startsWith("read-only file system: cannot write runs into /f/e/runs"), readOnly);
    }

    @Test
    void aRunsPathThatIsAFileFailsInOneLine() throws IOException {
        Path runs = Files.createDirectories(tmp.resolve("e")).resolve("runs");
        Files.writeString(runs, "not a folder");
        DataError e = assertThrows(DataError.class, () -> RunStore.requireWritable(runs));
        assertTrue(e.getMessage().startsWith("cannot write runs into " + runs), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aReadOnlyFolderIsPermissionDenied() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root writes into read-only folders");
        Path runs = Files.createDirectories(tmp.resolve("e/runs"));
        Files.setPosixFilePermissions(runs, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            DataError e = assertThrows(DataError.class, () -> RunStore.requireWritable(runs));
            assertTrue(e.getMessage().startsWith("permission denied: cannot write runs into " + runs), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(runs, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
