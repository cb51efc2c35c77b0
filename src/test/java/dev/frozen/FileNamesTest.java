package dev.frozen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one check for names read from files: a plain name inside its folder, nothing else. */
class FileNamesTest {
    @Test
    void refusesEveryNameThatLeavesItsFolder() {
        for (String bad : List.of("", ".", "..", "../x", "../../x", "a/b", "/etc/passwd", "a\\b", "..\\x", "x\0y", "C:x",
                "train.arrow/..", "./train.arrow")) {
            assertFalse(FileNames.isPlain(bad), bad);
            DataError e = assertThrows(DataError.class, () -> FileNames.requirePlain(bad, "a file name", "m.json"));
            assertTrue(e.getMessage().startsWith("expected a file name in m.json to be a plain name"), e.getMessage());
        }
        assertFalse(FileNames.isPlain(null));
    }

    @Test
    void acceptsPlainNames() {
        for (String ok : List.of("train.arrow", "train-00003.arrow", "manifest.json", "..a", "a..b", "données.arrow", "run id")) {
            assertTrue(FileNames.isPlain(ok), ok);
            assertEquals(ok, FileNames.requirePlain(ok, "a file name", "m.json"));
        }
    }
}
