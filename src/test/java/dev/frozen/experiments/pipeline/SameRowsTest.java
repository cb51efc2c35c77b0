package dev.frozen.experiments.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.experiments.fit.StratifiedSplit;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.Runs;
import dev.frozen.heads.HeadSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every head of a pipeline trains on the same rows unless a head says otherwise; the report says when they differ. */
class SameRowsTest {
    @Test
    void theArticlePipelinesGiveEveryHeadTheSameSplit() {
        for (String name : List.of("article", "article-faithful")) {
            Pipeline p = Pipeline.load(Path.of("pipelines", name + ".yaml"));
            List<HeadSpec> specs = p.heads().stream().map(h -> PipelineHeads.spec(p, h)).toList();
            assertEquals(3, specs.size());
            for (HeadSpec s : specs) {
                assertEquals(p.valFraction(), s.valFraction(), name + " " + s.kind());
                assertEquals(p.seed(), s.seed(), name + " " + s.kind());
            }
        }
        assertEquals(0.1, Pipeline.load(Path.of("pipelines/article.yaml")).valFraction());
        assertEquals(0.0, Pipeline.load(Path.of("pipelines/article-faithful.yaml")).valFraction());
    }

    @Test
    void theSameSplitHoldsOutTheSameRowsForEveryHead() {
        java.util.Random r = new java.util.Random(5);
        float[][] x = new float[200][3];
        int[] y = new int[200];
        for (int i = 0; i < 200; i++) {
            x[i] = new float[] {r.nextFloat(), r.nextFloat(), i};
            y[i] = i % 4;
        }
        var train = new dev.frozen.features.FeatureSet(x, y, List.of("a", "b", "c", "d"));
        StratifiedSplit.Parts a = StratifiedSplit.split(train, 0.1, 42);
        StratifiedSplit.Parts b = StratifiedSplit.split(train, 0.1, 42);
        assertEquals(a.train().size(), b.train().size());
        assertArrayEquals(a.train().labels(), b.train().labels());
        assertArrayEquals(a.val().features()[0], b.val().features()[0]);
    }

    @Test
    void differentTrainRowsOnOneEntryAreNotedAndEqualOnesAreNot() {
        RunRecord dense = Runs.of("r1-dense", "dense", Map.of(), "e", null, 0.5, 1);
        RunRecord svm = Runs.of("r2-svm", "svm", Map.of(), "e", 0.4, 0.5, 1);
        assertEquals(List.of(), PipelineRunner.rowNotes(List.of(dense, svm)));
        RunRecord bigger = RunRecord.builder().runId("r3-logreg").head("logreg").params(Map.of()).seed(42)
                .valFraction(0).featuresEntry("e").layer("block5_pool").inputSize(48).testAccuracy(0.5)
                .perClassAccuracy(List.of(1.0, 0.5)).confusionMatrix(new int[][] {{2, 0}, {1, 1}})
                .classNames(List.of("cat", "dog")).fitSeconds(1).predictSeconds(0.25).trainRows(100).valRows(0)
                .testRows(4).created("2026-01-02T03:04:05Z").versions(Map.of()).modelFile("r3.model").build();
        List<String> notes = PipelineRunner.rowNotes(List.of(dense, svm, bigger));
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("dense 90") && notes.get(0).contains("logreg 100"), notes.get(0));
    }
}
