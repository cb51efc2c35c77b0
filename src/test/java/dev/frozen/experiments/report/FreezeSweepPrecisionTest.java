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
    void thePlotDrawsBf16AsItsOwnSeries() throws Exception {
        Path svg = tmp.resolve("sweep.svg");
        FreezeSweepReport.plot(withBf16TwinOfK1(), svg);
        String text = Files.readString(svg);
        assertTrue(text.contains(">pretrained, bf16<"), "legend entry for the bf16 series");
        assertTrue(text.contains(">K=1 bf16<"), "time-axis label of the bf16 point");
    }
}
