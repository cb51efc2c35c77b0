package dev.frozen.experiments.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.UsageError;
import dev.frozen.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
    @TempDir Path tmp;

    private Path write(String yaml) throws Exception {
        Path file = tmp.resolve("p.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void shippedPipelinesAreValid() {
        for (String name : List.of("smoke", "article", "article-faithful", "resolution-sweep", "finetune-block5")) {
            Path file = Path.of("pipelines", name + ".yaml");
            Pipeline p = Pipeline.load(file);
            assertEquals(name, p.name());
            CliRun check = CliRun.in(tmp.resolve("home"), "run", file.toString(), "--check");
            assertEquals(0, check.code(), name + ": " + check);
        }
        Pipeline sweep = Pipeline.load(Path.of("pipelines/resolution-sweep.yaml"));
        assertEquals(List.of(32, 48, 64), sweep.backbone().inputSizes());
        assertEquals(dev.frozen.backbone.Preprocessing.ARTICLE,
                Pipeline.load(Path.of("pipelines/article-faithful.yaml")).backbone().preprocessing());
    }

    @Test
    void readsEverySection() throws Exception {
        Pipeline p = Pipeline.load(write("""
                name: demo
                dataset:
                  kind: folder
                  data: /somewhere
                backbone:
                  weights: random:3
                  layer: [block4_pool, block5_pool]
                  input_size: 64
                  preprocessing: article
                heads:
                  - head: svm
                    C: 0.5
                  - head: dense
                    hidden: [10, 5]
                features_dir: out
                val_fraction: 0
                seed: 7
                """));
        assertEquals("folder", p.dataset().kind());
        assertEquals(List.of("block4_pool", "block5_pool"), p.backbone().layers());
        assertEquals(List.of(64), p.backbone().inputSizes());
        assertEquals("svm", p.heads().get(0).kind());
        assertEquals("0.5", p.heads().get(0).options().get("C"));
        assertEquals(List.of("10", "5"), p.heads().get(1).options().get("hidden"));
        assertEquals(14, p.heads().get(1).optionLines().get("hidden"));
        assertEquals(0.0, p.valFraction());
        assertEquals(7, p.seed());
        Pipeline o = p.withOverrides("/data", "random:9", "f2");
        assertEquals("/data", o.dataset().data());
        assertEquals("random:9", o.backbone().weights());
        assertEquals("f2", o.featuresDir());
    }

    private String errorOf(String yaml) throws Exception {
        Path file = write(yaml);
        CliRun run = CliRun.in(tmp.resolve("home"), "run", file.toString(), "--check");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.cleanError(), run.toString());
        return run.err();
    }

    @Test
    void errorsNameFileLineAndKey() throws Exception {
        String unknownTop = errorOf("dataset: {kind: cifar10}\nbackbone: {}\nheads: [{head: svm}]\nextra: 1\n");
        assertTrue(unknownTop.contains("p.yaml:4: extra: unknown key"), unknownTop);

        String badLayer = errorOf("dataset:\n  kind: cifar10\nbackbone:\n  layer: block9_pool\nheads:\n  - head: svm\n");
        assertTrue(badLayer.contains("p.yaml:4: backbone.layer: expected VGG16 layers (input, block1_conv1"), badLayer);

        String smallSize = errorOf("dataset:\n  kind: cifar10\nbackbone:\n  input_size: 16\nheads:\n  - head: svm\n");
        assertTrue(smallSize.contains("p.yaml:4: backbone.input_size: must be at least 32"), smallSize);

        String unknownHead = errorOf("dataset:\n  kind: cifar10\nbackbone: {}\nheads:\n  - head: forest\n");
        assertTrue(unknownHead.contains("p.yaml:5: head: expected one of svm, logreg, dense, knn, found 'forest'"), unknownHead);

        String unknownOption = errorOf("dataset:\n  kind: cifar10\nbackbone: {}\nheads:\n  - head: svm\n    Cee: 1\n");
        assertTrue(unknownOption.contains("p.yaml:6: heads.Cee: unknown key"), unknownOption);

        String badValue = errorOf("dataset:\n  kind: cifar10\nbackbone: {}\nheads:\n  - head: dense\n    epochs: 3\n    dropout: 1.5\n");
        assertTrue(badValue.contains("p.yaml:7: heads.dropout: must be in [0, 1) (got 1.5)"), badValue);
        assertFalse(badValue.contains("--"), "a pipeline error names YAML keys, not flags: " + badValue);

        String wrongHeadOption = errorOf("dataset:\n  kind: cifar10\nbackbone: {}\nheads:\n  - head: logreg\n    C: 2\n");
        assertTrue(wrongHeadOption.contains("p.yaml:6: heads.C: does not apply to head logreg"), wrongHeadOption);

        String badNumber = errorOf("dataset:\n  kind: cifar10\nbackbone: {}\nheads:\n  - head: svm\n    C: [0.1, lots]\n");
        assertTrue(badNumber.contains("p.yaml:6: heads.C: expected a number, found 'lots'"), badNumber);

        String missing = errorOf("dataset:\n  kind: cifar10\nheads:\n  - head: svm\n");
        assertTrue(missing.contains("backbone: missing required key"), missing);

        String notYaml = errorOf("dataset: [unclosed\n");
        assertTrue(notYaml.contains("not valid YAML"), notYaml);
    }

    @Test
    void missingFileIsAUsageError() {
        assertThrows(UsageError.class, () -> Pipeline.load(tmp.resolve("absent.yaml")));
    }

    @Test
    void smokePipelineRunsEndToEnd() throws Exception {
        Path features = tmp.resolve("features");
        CliRun run = CliRun.in(tmp.resolve("home"), "run", "pipelines/smoke.yaml", "--features-dir", features.toString());
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("meaningless"), run.out());
        try (var generated = Files.list(tmp.resolve("home/generated"))) {
            assertEquals(1, generated.count(), "the synthetic data goes to the cache folder passed in");
        }
        for (String head : List.of("logreg", "svm", "dense")) {
            assertTrue(run.out().contains(head), head + " missing from\n" + run.out());
        }
        Path report = features.resolve("reports/smoke/report.md");
        assertTrue(Files.readString(report).contains("| logreg |"));
        assertTrue(Files.size(features.resolve("reports/smoke/accuracy.png")) > 1000);
        CliRun csv = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features.toString(), "--format", "csv");
        assertEquals(0, csv.code(), csv.toString());
        assertEquals(4, csv.out().strip().lines().count(), csv.out());

        java.util.Map<Path, java.nio.file.attribute.FileTime> arrowTimes = arrowTimes(features);
        assertFalse(arrowTimes.isEmpty(), "no Arrow files under " + features);
        CliRun again = CliRun.in(tmp.resolve("home"), "run", "pipelines/smoke.yaml", "--features-dir", features.toString());
        assertEquals(0, again.code(), again.toString());
        assertEquals(arrowTimes, arrowTimes(features), "the second run must reuse the cached entry, not rewrite it");
    }

    /** Every Arrow file under {@code dir} with its modification time: unchanged exactly when nothing was rewritten. */
    private static java.util.Map<Path, java.nio.file.attribute.FileTime> arrowTimes(Path dir) throws java.io.IOException {
        java.util.Map<Path, java.nio.file.attribute.FileTime> times = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".arrow"))::iterator) {
                times.put(f, Files.getLastModifiedTime(f));
            }
        }
        return times;
    }
}
