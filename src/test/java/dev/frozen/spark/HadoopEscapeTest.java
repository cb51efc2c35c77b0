package dev.frozen.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import dev.frozen.UsageError;
import dev.frozen.features.EscapingNamesTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hadoop route of cache pull applies the same plain-name check before it downloads anything. */
class HadoopEscapeTest {
    @TempDir Path tmp;

    @Test
    void pullThroughHadoopRefusesEscapingNamesAndEntryNames() throws Exception {
        Path shared = tmp.resolve("shared");
        EscapingNamesTest.forgedEntry(shared, "../../victim", tmp.resolve("victim"));
        Path local = tmp.resolve("a/local");
        Files.createDirectories(local);
        Path victim = tmp.resolve("a/victim");
        Files.writeString(victim, "keep me");
        String uri = shared.toUri().toString();

        DataError e = assertThrows(DataError.class, () -> SparkExtraction.pull(uri, "e1", local));
        assertTrue(e.getMessage().contains("'../../victim', a path"), e.getMessage());
        assertEquals("keep me", Files.readString(victim));
        try (var left = Files.list(local)) {
            assertEquals(0, left.count(), "no scratch folder or entry left behind");
        }

        UsageError name = assertThrows(UsageError.class, () -> SparkExtraction.pull(uri, "../e1", local));
        assertTrue(shown(name).startsWith("--entry expects the name of an entry folder"), shown(name));
    }

    /** The message as the command line shows it: each setting by its flag. */
    private static String shown(Throwable e) {
        return dev.frozen.Setting.render(e.getMessage(), dev.frozen.Setting.FLAGS);
    }
}
