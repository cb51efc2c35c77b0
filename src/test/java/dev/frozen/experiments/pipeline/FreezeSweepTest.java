package dev.frozen.experiments.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.cli.CliRun;
import dev.frozen.experiments.runs.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The freeze sweep: heads.layer, its checks, and the smoke-sized sweep end to end with its report section. */
class FreezeSweepTest {
    @TempDir Path tmp;

    @Test
    void shippedSweepsAreValidAndPairEachKWithItsLayer() {
        for (String name : List.of("freeze-sweep", "freeze-sweep-smoke")) {
            Path file = Path.of("pipelines", name + ".yaml");
            Pipeline p = Pipeline.load(file);
            CliRun check = CliRun.in(tmp.resolve("home"), "run", file.toString(), "--check");
            assertEquals(0, check.code(), name + ": " + check);
            assertTrue(p.heads().size() > 4, name + ": K=0..3 and reinit controls");
            for (int i = 0; i < p.heads().size(); i++) {
                Pipeline.HeadEntry h = p.heads().get(i);
                int k = Integer.parseInt(String.valueOf(h.options().get("trainable_blocks")));
                assertEquals(i >= 4, "true".equals(String.valueOf(h.options().get("reinit"))), name + " head " + i);
                if (i < 4) {
                    assertEquals(i, k, name + " head " + i);
                } else {
                    assertTrue(k >= 1 && k <= 3, name + ": a control needs trainable blocks, found K=" + k);
                }
                assertEquals(List.of("block" + (5 - k) + "_pool"), h.layersOf(p.backbone().layers()));
                assertTrue(Integer.parseInt(String.valueOf(h.options().get("seeds"))) >= 2, name + " head " + i);
            }
        }
    }

    private String checkError(String heads) throws Exception {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, """
                name: bad
                dataset: {kind: cifar10}
                backbone:
                  weights: random:1
                  layer: [block5_pool, block4_pool]
                heads:
                """ + heads);
        CliRun run = CliRun.in(tmp.resolve("home"), "run", file.toString(), "--check");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.cleanError(), run.toString());
        return run.err();
    }

    @Test
    void checkRejectsAHeadLayerTooHighForItsTrainableBlocks() throws Exception {
        String err = checkError("  - {head: dense, layer: block4_pool, trainable_blocks: 2}\n");
        assertTrue(err.contains("bad.yaml:7: heads.trainable_blocks: 2 trainable blocks need this head's layer at "
                + "a pool layer, block3_pool or below, found block4_pool"), err);
        String unknown = checkError("  - {head: dense, layer: block3_pool, trainable_blocks: 2}\n");
        assertTrue(unknown.contains("heads.layer") && unknown.contains("found 'block3_pool'"), unknown);
        // Without heads.layer the head runs on every layer, so block5_pool makes K=1 impossible.
        String all = checkError("  - {head: dense, trainable_blocks: 1}\n");
        assertTrue(all.contains("list only layers up to block4_pool"), all);
    }

    @Test
    void smokeSweepRunsWithATableAndPlotPerK() throws Exception {
        Path features = tmp.resolve("features");
        CliRun run = CliRun.in(tmp.resolve("home"), "run", "pipelines/freeze-sweep-smoke.yaml", "--features-dir", features.toString());
        assertEquals(0, run.code(), run.toString());
        String report = Files.readString(features.resolve("reports/freeze-sweep-smoke/report.md"));
        assertTrue(report.contains("## How many blocks to fine-tune"), report);
        for (int k = 0; k < 4; k++) {
            // two seeds each; the K=0 row has no p against itself
            assertTrue(report.contains("| K=" + k + " | block" + (5 - k) + "_pool | 2 | "), "K=" + k + " row missing:\n" + report);
        }
        assertTrue(report.contains("| K=1 reinit | block4_pool | 2 | "), report);
        assertTrue(report.contains("Control K=1 reinit against pretrained K=1"), report);
        assertTrue(report.contains("**K to pick**"), report);
        assertTrue(Files.size(features.resolve("reports/freeze-sweep-smoke/freeze-sweep.png")) > 5000);
        // Each head ran once, on its own layer: five dense runs (not twenty), each holding both seeds.
        CliRun csv = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features.toString(), "--format", "csv");
        assertEquals(0, csv.code(), csv.toString());
        assertEquals(6, csv.out().strip().lines().count(), csv.out());
        for (RunStore.StoredRun stored : RunStore.list(features, null, w -> {})) {
            assertEquals(2, stored.record().seeds().size(), stored.record().runId());
        }
    }
}
