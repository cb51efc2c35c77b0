package dev.frozen.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchHeaderTest {
    @Test
    void thePeerColumnIsThereOnlyWithAPeer() {
        assertTrue(Bench.extractionHeader(true).endsWith("vs peer"));
        assertFalse(Bench.extractionHeader(false).contains("peer"));
        assertTrue(Bench.extractionHeader(false).endsWith("peak RSS"));
    }

    @Test
    void benchPrintsNoInternalGoals() throws Exception {
        for (String file : new String[] {"cli/BenchCommand", "bench/Bench", "bench/HeadsBench", "bench/FinetuneBench"}) {
            String source = Files.readString(Path.of("src/main/java/dev/frozen/" + file + ".java"));
            assertFalse(source.contains("goal <="), file + " prints an internal goal");
        }
    }
}
