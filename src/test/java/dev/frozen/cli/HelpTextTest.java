package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelpTextTest {
    @Test
    void topLevelHelpListsEachCommandWithAWholeFirstSentence() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.code(), run.toString());
        List<String> lines = run.out().lines().toList();
        int start = lines.indexOf("Commands:");
        assertTrue(start > 0, run.out());
        int listed = 0;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.isBlank() || !line.startsWith("  ")) {
                break;
            }
            assertTrue(line.strip().endsWith("."), "cut mid-sentence: " + line);
            listed++;
        }
        assertTrue(listed >= 9, run.out());
    }
}
