package dev.frozen.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.frozen.experiments.fit.StratifiedSplit;
import dev.frozen.features.FeatureSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizerAndSplitTest {
    @Test
    void standardizesAndMapsConstantFeaturesToZero() {
        float[][] x = {{1, 5}, {3, 5}};
        Standardizer s = Standardizer.fit(x);
        assertArrayEquals(new double[] {2, 5}, s.mean(), 1e-12);
        assertArrayEquals(new double[] {1, 1}, s.scale(), 1e-12);
        assertArrayEquals(new double[] {-1, 0}, s.apply(x)[0], 1e-12);
        assertArrayEquals(new double[] {1, 0}, s.apply(x)[1], 1e-12);
    }

    @Test
    void floatRowsAreTheDoubleRowsRoundedOnceAndBothRefuseTheWrongWidth() {
        java.util.Random r = new java.util.Random(3);
        float[][] x = new float[50][7];
        for (float[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) (1e4 + r.nextGaussian() * (j + 1));
            }
        }
        Standardizer s = Standardizer.fit(x);
        double[][] z = s.apply(x);
        float[][] f = s.applyFloat(x);
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 7; j++) {
                assertEquals((float) z[i][j], f[i][j], 0f);
                assertEquals((x[i][j] - s.mean()[j]) / s.scale()[j], z[i][j], 0.0);
            }
        }
        float[][] wide = {new float[8]};
        assertThrows(dev.frozen.DataError.class, () -> s.apply(wide));
        assertThrows(dev.frozen.DataError.class, () -> s.applyFloat(wide));
    }

    @Test
    void splitIsStratifiedSeededAndDisjoint() {
        FeatureSet all = new Blobs(4, 3, 1).sample(200, 2);
        StratifiedSplit.Parts a = StratifiedSplit.split(all, 0.1, 9);
        StratifiedSplit.Parts b = StratifiedSplit.split(all, 0.1, 9);
        assertEquals(180, a.train().size());
        assertEquals(20, a.val().size());
        int[] perClass = new int[4];
        for (int y : a.val().labels()) {
            perClass[y]++;
        }
        assertArrayEquals(new int[] {5, 5, 5, 5}, perClass);
        assertArrayEquals(a.val().labels(), b.val().labels());
        for (int i = 0; i < a.val().size(); i++) {
            assertSame(a.val().features()[i], b.val().features()[i]);
        }
        java.util.Set<float[]> trainRows = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        trainRows.addAll(List.of(a.train().features()));
        for (float[] v : a.val().features()) {
            assertEquals(false, trainRows.contains(v));
        }
    }

    @Test
    void zeroFractionKeepsEverything() {
        FeatureSet all = new Blobs(2, 2, 1).sample(10, 2);
        StratifiedSplit.Parts p = StratifiedSplit.split(all, 0, 1);
        assertSame(all, p.train());
        assertNull(p.val());
    }
}
