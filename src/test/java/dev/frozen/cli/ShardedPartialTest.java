package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.experiments.runs.Housekeeping;
import dev.frozen.features.PartialEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Spark run's .partial holds shards, not batches: verify and prune count what it does hold. */
class ShardedPartialTest {
    @TempDir Path tmp;

    /** Two committed shards (file and description) and one still being written (no description yet). */
    private Path sparkPartial() throws Exception {
        Path partial = Files.createDirectories(tmp.resolve("features/e1.partial"));
        for (String shard : List.of("train-00000.arrow", "train-00001.arrow")) {
            Files.write(partial.resolve(shard), new byte[] {1, 2, 3});
            Files.writeString(partial.resolve(shard + ".json"), "{}");
        }
        Files.write(partial.resolve("test-00000.arrow"), new byte[] {4});
        return partial;
    }

    @Test
    void shardsAreCountedOnceCommitted() throws Exception {
        Path partial = sparkPartial();
        assertEquals(2, PartialEntry.committedShards(partial));
        assertEquals("2 committed shards", PartialEntry.committedWork(partial));
        Files.write(partial.resolve("train-0000000000-0000000004.arrow"), new byte[] {5});
        assertEquals("1 committed batches and 2 committed shards", PartialEntry.committedWork(partial));
    }

    @Test
    void verifyAndPruneDescribeShards() throws Exception {
        Path partial = sparkPartial();
        CliRun verify = CliRun.of("verify", "--features-dir", partial.getParent().toString());
        assertTrue(verify.out().contains("e1.partial (2 committed shards of an interrupted extraction"), verify.toString());
        assertFalse(verify.out().contains("0 committed batches"), verify.toString());

        List<Housekeeping.Item> items = Housekeeping.candidates(partial.getParent(), false);
        assertEquals(1, items.size(), items.toString());
        assertEquals("interrupted extraction, 2 committed shards", items.get(0).reason());
        CliRun prune = CliRun.of("cache", "prune", "--features-dir", partial.getParent().toString());
        assertTrue(prune.out().contains("2 committed shards"), prune.toString());
    }
}
