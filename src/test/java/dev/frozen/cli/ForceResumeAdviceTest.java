package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** A failed or interrupted {@code extract --force} must not advise the same command to resume: --force starts over. */
class ForceResumeAdviceTest {
    @Test
    void theAdviceDropsForce() {
        assertEquals("no space left; free space and rerun the same command without --force to resume (kept)",
                ExtractCommand.withoutForce("no space left; free space and rerun the same command to resume (kept)"));
        assertEquals("x; rerun the same extract command without --force to resume",
                ExtractCommand.withoutForce("x; rerun the same extract command to resume"));
        assertEquals("x (in a Spark task; committed shards are kept, rerun without --force to resume)",
                ExtractCommand.withoutForce("x (in a Spark task; committed shards are kept, rerun to resume)"));
        assertEquals("expected a folder, found none", ExtractCommand.withoutForce("expected a folder, found none"));
    }

    @Test
    void anInterruptedForceSaysToRerunWithoutIt() {
        String forced = Main.interruptedMessage(new String[] {"extract", "--data", "d", "--force"});
        assertTrue(forced.contains("without --force to resume"), forced);
        String plain = Main.interruptedMessage(new String[] {"extract", "--data", "d"});
        assertTrue(plain.contains("rerun the same command to resume"), plain);
    }
}
