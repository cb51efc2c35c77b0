package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchHeaderTest {
    @Test
    void thePeerColumnIsThereOnlyWithAPeer() {
        assertTrue(BenchCommand.extractionHeader(true).endsWith("vs peer"));
        assertFalse(BenchCommand.extractionHeader(false).contains("peer"));
        assertTrue(BenchCommand.extractionHeader(false).endsWith("peak RSS"));
    }

    @Test
    void benchPrintsNoInternalGoals() throws Exception {
        for (String file : new String[] {"BenchCommand", "HeadsBench", "FinetuneBench"}) {
            String source = Files.readString(Path.of("src/main/java/dev/frozen/cli/" + file + ".java"));
            assertFalse(source.contains("goal <="), file + " prints an internal goal");
        }
    }
}
