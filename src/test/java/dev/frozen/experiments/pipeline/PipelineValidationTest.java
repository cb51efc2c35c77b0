package dev.frozen.experiments.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --check} refuses, as file:line: key: message with exit 2, everything knowable before work starts. */
class PipelineValidationTest {
    @TempDir Path tmp;

    private static final String HEADER = """
            dataset:
              kind: folder
              generate: {classes: 2}
            backbone:
              weights: random:1
            """;

    private CliRun check(String yaml) throws Exception {
        Path file = tmp.resolve("p.yaml");
        Files.writeString(file, yaml);
        return CliRun.of("run", file.toString(), "--check", "--features-dir", tmp.resolve("f").toString());
    }

    private void assertRefused(String yaml, String where, String... fragments) throws Exception {
        CliRun r = check(yaml);
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.cleanError(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());
        assertTrue(r.err().contains("p.yaml:" + where), "expected p.yaml:" + where + " in " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in " + r.err());
        }
    }

    @Test
    void aValidPipelinePasses() throws Exception {
        CliRun r = check(HEADER + "heads:\n  - head: logreg\n");
        assertEquals(0, r.code(), r.toString());
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceInFileOrder() throws Exception {
        CliRun r = check("""
                name: bad/name
                dataset:
                  kind: cifar11
                backbone:
                  layer: [block4_conv4, block5_pool]
                  input_size: 16
                heads:
                  - head: svm
                    C: -1
                  - head: forest
                """);
        assertEquals(2, r.code(), r.toString());
        assertFalse(r.err().contains("\tat "), r.toString());
        java.util.List<String> lines = r.err().strip().lines().toList();
        assertEquals("error: 6 problems:", lines.get(0), r.toString());
        String[] expected = {"p.yaml:1: name:", "p.yaml:3: dataset.kind:", "p.yaml:5: backbone.layer:",
            "p.yaml:6: backbone.input_size:", "p.yaml:9: heads.C:", "p.yaml:10: head:"};
        for (int i = 0; i < expected.length; i++) {
            assertTrue(lines.get(i + 1).contains(expected[i]), "line " + (i + 1) + ": expected " + expected[i] + " in " + r.err());
        }
    }

    @Test
    void checkPrintsOneStepPerExtractionWithTheHeadsFittedOnIt() throws Exception {
        CliRun r = check(HEADER.replace("weights: random:1", "weights: random:1\n  layer: [block4_conv3, block5_pool]")
                + "heads:\n  - head: logreg\n    lambda: [0.1, 1]\n  - head: svm\n    layer: block5_pool\n");
        assertEquals(0, r.code(), r.toString());
        String out = r.out();
        assertTrue(out.contains("one pass over the images extracts 2 layers"), out);
        assertTrue(out.contains("1. extract block4_conv3 at 48 px (18,432 features per image)"), out);
        assertTrue(out.contains("2. extract block5_pool at 48 px (512 features per image)"), out);
        assertTrue(out.contains("fit logreg search over 2 settings (lambda in [0.1, 1.0])"), out);
        assertEquals(1, out.lines().filter(l -> l.contains("fit svm C=")).count(), "svm only on its own layer: " + out);
        assertTrue(out.contains("2 extraction(s), 3 fit(s)"), out);
    }

    @Test
    void duplicateKeysAnywhereAreRefusedWithTheirLine() throws Exception {
        assertRefused(HEADER + "heads:\n  - head: svm\n    C: 1\n    C: 2\n", "9: C", "duplicate key (first given on line 8)");
        assertRefused(HEADER + "heads:\n  - head: svm\n    head: logreg\n", "8: head", "duplicate key");
        assertRefused("seed: 1\n" + HEADER + "seed: 2\nheads:\n  - head: svm\n", "7: seed", "duplicate key");
        assertRefused("dataset:\n  kind: folder\n  kind: cifar10\nbackbone: {}\nheads: [{head: svm}]\n", "3: kind", "duplicate key");
        assertRefused(HEADER + "heads:\n  - {head: dense, hidden: [4], hidden: [5]}\n", "7: hidden", "duplicate key");
    }

    @Test
    void syntaxAndTabErrorsGiveTheLine() throws Exception {
        assertRefused(HEADER + "heads:\n\t- head: svm\n", "7: not valid YAML", "tab");
        assertRefused(HEADER + "heads:\n  - head: svm\n   C: [1, 2\n", "", "not valid YAML");
        assertRefused("dataset: {kind: folder\nbackbone: {}\n", "", "not valid YAML");
        CliRun r = check(HEADER + "heads:\n  - head: svm\n  bad indentation: : :\n");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().matches("(?s)error: \\S+p\\.yaml:\\d+: .*"), r.err());
    }

    @Test
    void reportNamesCannotEscapeOrNest() throws Exception {
        assertRefused("name: ../../escape\n" + HEADER + "heads: [{head: svm}]\n", "1: name", "plain folder name", "cannot contain a path");
        assertRefused("name: a/b\n" + HEADER + "heads: [{head: svm}]\n", "1: name", "plain folder name");
        assertRefused("name: ..\n" + HEADER + "heads: [{head: svm}]\n", "1: name", "plain folder name");
        assertRefused("name: /abs\n" + HEADER + "heads: [{head: svm}]\n", "1: name", "plain folder name");
        assertFalse(Files.exists(tmp.resolve("escape")));
        assertEquals("my_pipeline_v2", Pipeline.defaultName(Path.of("my pipeline v2.yaml")));
    }

    @Test
    void dataTogetherWithGenerateIsRefused() throws Exception {
        assertRefused("dataset:\n  kind: folder\n  data: " + tmp + "\n  generate: {classes: 2}\nbackbone: {weights: random:1}\n"
                + "heads: [{head: svm}]\n", "4: dataset.generate", "cannot be combined with dataset.data (line 3)");
    }

    @Test
    void trainableBlocksMustSuitEveryLayer() throws Exception {
        String yaml = """
                dataset:
                  kind: folder
                  generate: {classes: 2}
                backbone:
                  weights: random:1
                  layer: [block4_pool, block5_pool]
                heads:
                  - head: dense
                    trainable_blocks: 1
                """;
        assertRefused(yaml, "9: heads.trainable_blocks", "block4_pool or below", "found block5_pool");
        assertEquals(0, check(yaml.replace("[block4_pool, block5_pool]", "[block3_pool, block4_pool]")).code());
    }

    @Test
    void anInputSizeTooLargeForTheHeapIsRefusedUpFront() throws Exception {
        assertRefused(HEADER + "  input_size: [48, 10000]\nheads: [{head: svm}]\n", "6: backbone.input_size", "backbone.input_size",
                "heap limit", "largest input size that fits is");
    }

    @Test
    void emptyFilesFoldersBadDatasetsAndBadWeightsAreCaughtByCheck() throws Exception {
        assertRefused("", "1: the pipeline", "found an empty file");
        Files.createDirectories(tmp.resolve("imgs/train/only"));
        Files.createDirectories(tmp.resolve("imgs/test/only"));
        CliRun layout = check("dataset: {kind: folder, data: " + tmp.resolve("imgs") + "}\nbackbone: {weights: random:1}\n"
                + "heads: [{head: svm}]\n");
        assertEquals(1, layout.code(), layout.toString());
        assertTrue(layout.err().contains("expected at least 2 class folders"), layout.toString());

        dev.frozen.backbone.Vgg16Weights w = dev.frozen.backbone.Vgg16Weights.random(3);
        w.get("block3_conv1").bias()[0] = Float.NaN;
        Path h5 = tmp.resolve("nan.h5");
        dev.frozen.backbone.TestH5.write(h5, w, dev.frozen.backbone.TestH5.Style.NEW);
        CliRun weights = check(HEADER.replace("random:1", h5.toString()) + "heads: [{head: svm}]\n");
        assertEquals(1, weights.code(), weights.toString());
        assertTrue(weights.err().contains("layer block3_conv1 (bias)"), weights.toString());

        CliRun folder = CliRun.of("run", tmp.toString(), "--check");
        assertEquals(2, folder.code(), folder.toString());
        assertTrue(folder.err().contains("found a folder"), folder.toString());
    }
}
