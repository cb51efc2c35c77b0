package dev.frozen;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** One rule for paths given as text: a file: URI is the absolute local path it names, never a folder named "file:". */
class LocalPathsTest {
    @Test
    void fileUrisNameTheLocalPath() {
        assertEquals(Path.of("/tmp/f"), LocalPaths.parse("file:///tmp/f", "--features-dir", null));
        assertEquals(Path.of("/tmp/f"), LocalPaths.parse("file:/tmp/f", "--features-dir", null));
        assertEquals(Path.of("/tmp/f"), LocalPaths.parse("file://localhost/tmp/f", "--features-dir", null));
        assertEquals(Path.of("/tmp/f"), LocalPaths.parse("FILE:///tmp/f", "--features-dir", null));
        assertEquals(Path.of("/tmp/a b/données"), LocalPaths.parse("file:///tmp/a%20b/donn%C3%A9es", "--data", null));
        assertEquals(Path.of("rel/f"), LocalPaths.parse("rel/f", "--data", null));
        assertNull(LocalPaths.parse(null, "--data", null));
    }

    @Test
    void refusesWhatIsNotALocalPathInOneLine() {
        for (String bad : new String[] {"file:rel", "file://otherhost/tmp/f", "file:///tmp/a b", "file:///tmp/f?x=1"}) {
            UsageError e = assertThrows(UsageError.class, () -> LocalPaths.parse(bad, "--features-dir", null), bad);
            assertTrue(e.getMessage().startsWith("--features-dir expects a local file: URI") && !e.getMessage().contains("\n"),
                    e.getMessage());
        }
        UsageError hdfs = assertThrows(UsageError.class, () -> LocalPaths.parse("hdfs://nn/x", "--from", "mount it"));
        assertEquals("--from expects a local path or a file: URI, found 'hdfs://nn/x'; mount it", hdfs.getMessage());
    }
}
