package dev.frozen.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hand-computed values for the comparison statistics. */
class StatsTest {
    @Test
    void wilsonMatchesTheClosedFormAndStaysInsideZeroOne() {
        double[] half = Stats.wilson(50, 100);
        assertEquals(0.40383, half[0], 1e-5);
        assertEquals(0.59617, half[1], 1e-5);
        double[] none = Stats.wilson(0, 10);
        assertEquals(0.0, none[0], 1e-12);
        assertEquals(0.27753, none[1], 1e-5);
        double[] all = Stats.wilson(10, 10);
        assertEquals(1.0, all[1], 1e-12);
        assertEquals(0.72247, all[0], 1e-5);
        // The README's example: 0.3630 on 2,000 test images is about +-2.1 points.
        double[] readme = Stats.wilson(726, 2000);
        assertTrue(readme[0] < 0.363 && readme[1] > 0.363);
        assertEquals(0.042, readme[1] - readme[0], 0.001);
    }

    @Test
    void exactMcNemarIsATwoSidedBinomialTailOnDiscordantRows() {
        assertEquals(1.0, Stats.mcnemarExact(0, 0), 0);
        assertEquals(2 * Math.pow(0.5, 5), Stats.mcnemarExact(0, 5), 1e-15);
        assertEquals(2 * 11 / 1024.0, Stats.mcnemarExact(1, 9), 1e-15);
        assertEquals(Stats.mcnemarExact(9, 1), Stats.mcnemarExact(1, 9), 0);
        assertEquals(1.0, Stats.mcnemarExact(5, 5), 0);
        // Large counts stay finite and small: 100 against 200 discordant rows is very significant.
        double p = Stats.mcnemarExact(100, 200);
        assertTrue(p > 0 && p < 1e-7, "p " + p);
    }

    @Test
    void mcnemarFromPredictionsCountsOnlyRowsWhereExactlyOneIsRight() {
        int[] truth = {0, 1, 1, 0, 1, 0};
        int[] a = {0, 1, 1, 0, 0, 0}; // wrong on row 4
        int[] b = {1, 0, 1, 0, 1, 1}; // wrong on rows 0, 1, 5
        // only a right: rows 0, 1, 5 (3); only b right: row 4 (1)
        assertEquals(Stats.mcnemarExact(3, 1), Stats.mcnemarExact(truth, a, b), 0);
    }

    @Test
    void macroF1LogLossAndCalibration() {
        assertEquals((0.8 + 6.0 / 7) / 2, Stats.macroF1(new int[][] {{2, 1}, {0, 3}}), 1e-12);
        assertEquals(-(Math.log(0.5) + Math.log(0.9)) / 2,
                Stats.logLoss(new int[] {0, 0}, new double[][] {{0.5, 0.5}, {0.9, 0.1}}), 1e-12);
        // Confidence 0.75 everywhere, right on 3 of 4 rows: perfectly calibrated.
        double[][] p = {{0.75, 0.25}, {0.75, 0.25}, {0.75, 0.25}, {0.75, 0.25}};
        assertEquals(0.0, Stats.ece(new int[] {0, 0, 0, 1}, p, 10), 1e-12);
        // Confidence 0.75, never right: gap 0.75.
        assertEquals(0.75, Stats.ece(new int[] {1, 1, 1, 1}, p, 10), 1e-12);
    }
}
