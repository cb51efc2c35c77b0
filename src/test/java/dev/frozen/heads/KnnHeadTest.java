package dev.frozen.heads;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import dev.frozen.InvalidOption;
import dev.frozen.features.FeatureSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kNN head against a brute-force reference written from the definition, its saved form and its refusals. */
class KnnHeadTest {
    /** Overlapping classes (noise as large as the centres' spread), so the neighbours' votes really disagree. */
    private static final Blobs BLOBS = new Blobs(4, 12, 7);
    private static final FeatureSet TRAIN = noisy(BLOBS.sample(300, 1), 11);
    private static final FeatureSet TEST = noisy(BLOBS.sample(120, 2), 12);

    private static FeatureSet noisy(FeatureSet s, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[][] x = new float[s.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = s.features()[i].clone();
            for (int j = 0; j < x[i].length - 1; j++) {
                x[i][j] += (float) (5 * r.nextGaussian());
            }
        }
        return new FeatureSet(x, s.labels(), s.classNames());
    }

    /** Plain double loops: standardise, (normalise), rank all training rows, count the k nearest's labels. */
    private static double[][] reference(KnnOptions o, FeatureSet train, FeatureSet test, double[] kthGap) {
        Standardizer s = Standardizer.fit(train.features());
        double[][] t = s.apply(train.features());
        double[][] q = s.apply(test.features());
        boolean cosine = o.metric() == KnnOptions.Metric.COSINE;
        if (cosine) {
            Arrays.stream(t).forEach(KnnHeadTest::normalise);
            Arrays.stream(q).forEach(KnnHeadTest::normalise);
        }
        double[][] out = new double[q.length][train.numClasses()];
        for (int i = 0; i < q.length; i++) {
            double[] score = new double[t.length];
            for (int j = 0; j < t.length; j++) {
                double v = 0;
                for (int d = 0; d < q[i].length; d++) {
                    v += cosine ? q[i][d] * t[j][d] : -(q[i][d] - t[j][d]) * (q[i][d] - t[j][d]);
                }
                score[j] = v;
            }
            Integer[] order = IntStream.range(0, t.length).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble((Integer j) -> -score[j]).thenComparingInt(j -> j));
            for (int r = 0; r < o.k(); r++) {
                out[i][train.labels()[order[r]]] += 1.0 / o.k();
            }
            kthGap[i] = Math.abs(score[order[o.k() - 1]] - score[order[o.k()]]);
        }
        return out;
    }

    private static void normalise(double[] v) {
        double n = Math.sqrt(Arrays.stream(v).map(x -> x * x).sum());
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
    }

    @Test
    void votesEqualABruteForceReferenceForBothMetrics() {
        for (KnnOptions.Metric metric : KnnOptions.Metric.values()) {
            for (int k : new int[] {1, 5, 20}) {
                KnnOptions o = KnnOptions.of(Map.of("k", String.valueOf(k), "metric", String.valueOf(metric)));
                double[][] got = KnnHead.train(o, SharedRows.of(TRAIN)).scores(TEST.features());
                double[] gap = new double[TEST.size()];
                double[][] want = reference(o, TRAIN, TEST, gap);
                int compared = 0;
                for (int i = 0; i < want.length; i++) {
                    if (gap[i] < 1e-4) {
                        continue; // a genuine tie at the k-th neighbour: float and double sums may order it either way
                    }
                    compared++;
                    assertArrayEquals(want[i], got[i], 1e-9, metric + " k=" + k + " row " + i);
                }
                assertTrue(compared > TEST.size() * 0.9, "too few rows compared: " + compared);
            }
        }
    }

    @Test
    void votesDisagreeOnThisDataSoTheReferenceComparisonMeansSomething() {
        double[][] s = KnnHead.train(KnnOptions.of(Map.of("k", "20", "metric", "cosine")), SharedRows.of(TRAIN))
                .scores(TEST.features());
        long mixed = Arrays.stream(s).filter(row -> Arrays.stream(row).noneMatch(v -> v == 1.0)).count();
        assertTrue(mixed > 10, "expected rows whose 20 neighbours are of several classes, found " + mixed);
        double acc = Blobs.accuracy(KnnHead.train(KnnOptions.of(Map.of("k", "20", "metric", "cosine")), SharedRows.of(TRAIN)), TEST);
        assertTrue(acc > 0.5 && acc < 1.0, "accuracy " + acc);
    }

    @Test
    void nearestKeepsTheKLargestInOrderAndTheLowerIndexOnTies() {
        float[] sim = {0.1f, 0.9f, 0.5f, 0.9f, -1f, 0.7f};
        int[] top = new int[3];
        KnnHead.nearest(sim, 0, sim.length, top, new float[3]);
        assertArrayEquals(new int[] {1, 3, 5}, top);
    }

    @Test
    void savedHeadScoresTheSameAndADamagedOneIsRefused(@TempDir Path dir) throws Exception {
        KnnHead head = KnnHead.train(KnnOptions.of(Map.of("k", "5", "metric", "euclidean")), SharedRows.of(TRAIN));
        head.save(dir);
        Head loaded = Heads.load(dir);
        assertEquals(KnnKind.KIND, loaded.kind());
        assertEquals(Map.of("k", 5, "metric", "euclidean"), Map.copyOf(loaded.params()));
        double[][] a = head.scores(TEST.features());
        double[][] b = loaded.scores(TEST.features());
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0.0);
        }
        Path rows = dir.resolve(KnnHead.ROWS_FILE);
        byte[] bytes = Files.readAllBytes(rows);
        bytes[17] ^= 1;
        Files.write(rows, bytes);
        DataError e = assertThrows(DataError.class, () -> Heads.load(dir));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void refusesKAboveTheTrainingRowsAndBadOptions() {
        FeatureSet few = BLOBS.sample(8, 3);
        DataError e = assertThrows(DataError.class,
                () -> KnnHead.train(KnnOptions.of(Map.of("k", "9", "metric", "cosine")), SharedRows.of(few)));
        assertTrue(e.getMessage().contains("k <= the 8 training rows"), e.getMessage());
        assertThrows(InvalidOption.class, () -> KnnOptions.of(Map.of("k", "0")));
        InvalidOption m = assertThrows(InvalidOption.class, () -> KnnOptions.of(Map.of("metric", "manhattan")));
        assertTrue(m.getMessage().contains("cosine, euclidean"), m.getMessage());
        assertEquals(5, KnnKind.KIND.grid(Map.of(), true, 100).size(), "--search's default k list");
        assertEquals("k=20 cosine", KnnKind.KIND.summary(KnnOptions.defaults().params()));
        assertEquals(List.of("k", "metric"), KnnKind.KIND.keys());
    }
}
