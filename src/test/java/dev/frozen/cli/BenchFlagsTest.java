package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Issue 23: bench's errors name bench's own flags. */
class BenchFlagsTest {
    @Test
    void badSizesAndEnginesNameTheirFlags() {
        CliRun sizes = CliRun.of("bench", "--sizes", "0");
        assertEquals(2, sizes.code(), sizes.toString());
        assertTrue(sizes.err().contains("--sizes") && !sizes.err().contains("--input-size"), sizes.err());
        CliRun engines = CliRun.of("bench", "--engines", "foo");
        assertEquals(2, engines.code(), engines.toString());
        assertTrue(engines.err().contains("--engines must be one of") && !engines.err().contains("--engine "), engines.err());
    }
}
