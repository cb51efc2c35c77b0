package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FitRowsTest {
    @Test
    void eachRowIsCountedOnceAfterARefit() {
        assertEquals("2000 train, 200 val, 1000 test; the chosen setting refitted on train+val (2200 rows)",
                FitCommand.rows(2200, 200, 1000, true, null));
        assertEquals("2200 train (scored by 5-fold CV), 1000 test; the chosen setting refitted on all 2200 train rows",
                FitCommand.rows(2200, 0, 1000, true, 5));
        assertEquals("2000 train, 200 val, 1000 test", FitCommand.rows(2000, 200, 1000, false, null));
    }
}
