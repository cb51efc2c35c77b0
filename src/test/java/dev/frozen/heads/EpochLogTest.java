package dev.frozen.heads;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.features.FeatureSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Each dense epoch reports the mean training loss over all its rows, and validation loss and accuracy. */
class EpochLogTest {
    /** Steps whose batch loss is known: the batch's row count, so the epoch mean is easy to recompute. */
    private static final class CountingSteps implements DenseTrainer.Steps {
        final List<Integer> batches = new ArrayList<>();

        @Override
        public double step(float[] x, float[] y, int rows) {
            batches.add(rows);
            return rows;
        }

        @Override
        public DenseTrainer.Scores validate() {
            return new DenseTrainer.Scores(0.5, 0.25);
        }

        @Override
        public INDArray parameters() {
            return Nd4j.zeros(1);
        }

        @Override
        public void keep(INDArray best) {}
    }

    @Test
    void theEpochLossIsTheRowWeightedMeanOfItsBatchesNotTheLastBatch() {
        // 10 rows in batches of 4: 4, 4 and a last batch of 2. Mean over rows = (4*4 + 4*4 + 2*2) / 10 = 3.6.
        float[][] z = new float[10][3];
        int[] labels = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        DenseOptions o = DenseOptions.of(Map.of("hidden", "4", "dropout", "0.0", "lr", "1e-3", "epochs", "2", "batch", "4"));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        CountingSteps steps = new CountingSteps();
        DenseTrainer.Trained t = DenseTrainer.epochs(o, z, labels, 2, true, 1,
                new PrintStream(text, true, StandardCharsets.UTF_8), steps);
        assertEquals(List.of(4, 4, 2, 4, 4, 2), steps.batches);
        assertEquals(2, t.log().size());
        Map<String, Object> first = t.log().get(0);
        assertEquals(1, first.get("epoch"));
        assertEquals(3.6, (Double) first.get("train_loss"), 1e-9);
        assertNotEquals(2.0, (Double) first.get("train_loss"), "not the last batch's loss");
        assertEquals(0.5, (Double) first.get("val_loss"), 1e-9);
        assertEquals(0.25, (Double) first.get("val_accuracy"), 1e-9);
        String log = text.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("dense epoch 2/2: train loss 3.6000, val loss 0.5000, val accuracy 0.2500"), log);
    }

    @Test
    void withoutValidationRowsEachEpochStillReportsItsTrainingLoss() {
        DenseTrainer.Trained t = DenseTrainer.epochs(DenseOptions.of(Map.of("hidden", "4", "dropout", "0.0", "lr", "1e-3", "epochs", "3", "batch", "3")), new float[7][2],
                new int[7], 2, false, 1, HeadsTest.QUIET, new CountingSteps());
        assertEquals(3, t.log().size());
        assertEquals((3 * 3 + 3 * 3 + 1 * 1) / 7.0, (Double) t.log().get(2).get("train_loss"), 1e-6);
        assertFalse(t.log().get(2).containsKey("val_loss"));
    }

    @Test
    void aRealDenseFitRecordsOneEntryPerEpochWithTheMeanCrossEntropy() {
        FeatureSet val = HeadsTest.BLOBS.sample(60, 9);
        DenseOptions o = DenseOptions.of(Map.of("hidden", "16", "dropout", "0.0", "lr", "1e-2", "epochs", "3", "batch", "64"));
        Head head = Heads.train(o, HeadsTest.TRAIN, val, 5, null, HeadsTest.QUIET);
        List<Map<String, Object>> log = head.epochLog();
        assertEquals(3, log.size());
        for (Map<String, Object> e : log) {
            double loss = (Double) e.get("train_loss");
            assertTrue(loss > 0 && loss < 10, e.toString());
        }
        // The last epoch's validation figures are those of the final parameters: recompute them.
        double[][] p = head.scores(val.features());
        double ce = 0;
        for (int i = 0; i < p.length; i++) {
            ce -= Math.log(Math.max(p[i][val.labels()[i]], 1e-10));
        }
        Map<String, Object> kept = log.get(((Number) head.params().get("kept_epoch")).intValue() - 1);
        assertEquals(ce / p.length, (Double) kept.get("val_loss"), 1e-4);
    }
}
