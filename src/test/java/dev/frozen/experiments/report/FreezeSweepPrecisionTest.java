package dev.frozen.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep with bf16 runs beside fp32 ones: each is its own row, compared with its fp32 twin, and drawn apart. */
class FreezeSweepPrecisionTest {
    @TempDir
    Path tmp;

    private static List<RunRecord> withBf16TwinOfK1() {
        List<RunRecord> runs = new ArrayList<>(Runs.sweep());
        RunRecord k1 = runs.get(1);
        Map<String, Object> params = new LinkedHashMap<>(k1.params());
        params.put("precision", "bf16");
        runs.add(k1.toBuilder().runId(k1.runId() + "b").params(params).testAccuracy(0.8900)
                .fitSeconds(k1.fitSeconds() / 2).build());
        return runs;
    }

    @Test
    void bf16RunsGetTheirOwnLabelledRowAndAComparisonWithFp32() {
        String md = FreezeSweepReport.markdown(withBf16TwinOfK1(), id -> null, "sweep.png");
        assertTrue(md.contains("| K=1 | block4_pool |"), md);
        assertTrue(md.contains("| K=1 bf16 | block4_pool |"), md);
        assertEquals(1, md.split("\\| K=1 \\|", -1).length - 1, "one fp32 K=1 row:\n" + md);
        // 0.8900 against 0.8934, one seed each (so min-max is the fp32 value itself); half the seconds.
        assertTrue(md.contains("- K=1 bf16 against K=1 (fp32): mean -0.0034, outside fp32's min-max over seeds, p n/a;"
                + " fit seconds per seed 0.50x fp32's."), md);
    }

    @Test
    void reinitControlsSayWhatThePretrainedBlocksBought() {
        assertEquals(": the pretrained weights of this block help", FreezeSweepReport.controlVerdict(-0.02, 0.001, 1));
        assertEquals(": the random start is better, so the pretrained weights of these 2 blocks do not help here",
                FreezeSweepReport.controlVerdict(0.04, 0.0003, 2));
        assertEquals(": no difference detected, so the pretrained weights of these 3 blocks add nothing measurable here",
                FreezeSweepReport.controlVerdict(-0.01, 0.2, 3));
        assertEquals("", FreezeSweepReport.controlVerdict(0.05, null, 1));

        // Through the report: a reinit K=1 wrong on 30 of 100 rows that pretrained K=1 gets right (and lower mean).
        List<RunRecord> runs = new ArrayList<>(Runs.sweep());
        RunRecord k1 = runs.get(1);
        Map<String, Object> params = new LinkedHashMap<>(k1.params());
        params.put("reinit", true);
        runs.add(k1.toBuilder().runId("reinit-k1").params(params).testAccuracy(0.60).build());
        int[] labels = new int[100];
        int[] pretrained = new int[100];
        int[] reinit = new int[100];
        for (int i = 0; i < 100; i++) {
            pretrained[i] = 0;
            reinit[i] = i < 30 ? 1 : 0;
        }
        Map<String, dev.frozen.experiments.runs.TestPredictions> preds = Map.of(
                k1.runId(), new dev.frozen.experiments.runs.TestPredictions(labels, pretrained, false, null),
                "reinit-k1", new dev.frozen.experiments.runs.TestPredictions(labels, reinit, false, null));
        String md = FreezeSweepReport.markdown(runs, preds::get, "sweep.png");
        assertTrue(md.contains("- Control K=1 reinit against pretrained K=1: mean -0.2934, p <0.0001: the pretrained "
                + "weights of this block help."), md);
    }

    @Test
    void thePlotDrawsBf16AsItsOwnSeries() throws Exception {
        Path svg = tmp.resolve("sweep.svg");
        FreezeSweepReport.plot(withBf16TwinOfK1(), svg);
        String text = Files.readString(svg);
        assertTrue(text.contains(">pretrained, bf16<"), "legend entry for the bf16 series");
        assertTrue(text.contains(">K=1 bf16<"), "time-axis label of the bf16 point");
    }
}
