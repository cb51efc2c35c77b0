package dev.frozen.experiments.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.UsageError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 23 item 8: every number in a pipeline file is read exactly, and a bad one is refused at its file:line. */
class PipelineNumbersTest {
    @TempDir Path tmp;

    private String errorOf(String yaml) throws Exception {
        Path file = tmp.resolve("p.yaml");
        Files.writeString(file, yaml);
        UsageError e = assertThrows(UsageError.class, () -> {
            Pipeline p = Pipeline.load(file);
            for (Pipeline.HeadEntry h : p.heads()) {
                PipelineHeads.spec(p, h);
            }
        }, yaml);
        return e.getMessage();
    }

    private static String backbone(String line) {
        return "dataset:\n  kind: cifar10\nbackbone:\n  " + line + "\nheads:\n  - head: svm\n";
    }

    @Test
    void integersRefuseOverflowFractionsAndNaN() throws Exception {
        assertEquals(tmp.resolve("p.yaml") + ":4: backbone.input_size: expected a whole number of at most 2147483647, found 4294967328",
                errorOf(backbone("input_size: 4294967328")));
        assertTrue(errorOf(backbone("input_size: 2147483648")).contains(":4: backbone.input_size: expected a whole number of at most"));
        assertTrue(errorOf(backbone("input_size: [64, 48.5]")).contains(":4: backbone.input_size: expected a whole number, found '48.5'"));
        assertTrue(errorOf(backbone("batch: 1.5")).contains(":4: batch: expected a whole number, found '1.5'"));
        String top = "dataset:\n  kind: cifar10\nbackbone: {}\nheads:\n  - head: svm\nseed: ";
        assertTrue(errorOf(top + "1.9\n").contains("p.yaml:6: seed: expected a whole number, found '1.9'"));
        assertTrue(errorOf(top + "NaN\n").contains("p.yaml:6: seed: expected a whole number, found 'NaN'"));
        assertTrue(errorOf(top + "99999999999999999999\n").contains("p.yaml:6: seed: expected a whole number of at most"));
        String gen = "dataset:\n  kind: folder\n  generate:\n    seed: 1.9\nbackbone: {}\nheads:\n  - head: svm\n";
        assertTrue(errorOf(gen).contains("p.yaml:4: seed: expected a whole number, found '1.9'"), errorOf(gen));
    }

    @Test
    void headNumbersAreExactAndCvNeedsTwoFolds() throws Exception {
        String head = "dataset:\n  kind: cifar10\nbackbone: {}\nheads:\n  - head: logreg\n    ";
        assertTrue(errorOf(head + "seed: 1.9\n").contains("p.yaml:6: heads.seed: expected a whole number, found '1.9'"));
        assertTrue(errorOf(head + "seed: NaN\n").contains("p.yaml:6: heads.seed: expected a whole number, found 'NaN'"));
        assertTrue(errorOf(head + "cv: 0\n").contains("p.yaml:6: heads.cv: must be at least 2, found 0"));
        assertTrue(errorOf(head + "cv: 1\n").contains("p.yaml:6: heads.cv: must be at least 2, found 1"));
        assertTrue(errorOf(head + "max_iter: 2.5\n").contains("p.yaml:6: heads.max_iter: expected a whole number, found '2.5'"));
        assertTrue(errorOf(head + "lambda: .nan\n").contains("p.yaml:6: heads.lambda: expected a finite number, found '.nan'"));
        assertTrue(errorOf(head + "lambda: 1e308\n").contains("p.yaml:6: heads.lambda: must be at most 1e100"));
        assertTrue(errorOf(head + "val_fraction: NaN\n").contains("p.yaml:6: heads.val_fraction: expected a finite number"));
    }

    @Test
    void duplicateGridValuesAreFittedOnce() throws Exception {
        Path file = tmp.resolve("p.yaml");
        Files.writeString(file, "dataset:\n  kind: cifar10\nbackbone: {}\nheads:\n  - head: svm\n    C: [1, 1.0, 0.5, 1e0]\n");
        Pipeline p = Pipeline.load(file);
        assertEquals(2, PipelineHeads.spec(p, p.heads().get(0)).grid().size());
    }

    @Test
    void aBadWeightsValueIsRefusedAtItsLine() throws Exception {
        Path file = tmp.resolve("p.yaml");
        Files.writeString(file, "dataset:\n  kind: cifar10\nbackbone:\n  input_size: 32\n  weights: 5\nheads:\n  - head: svm\n");
        dev.frozen.cli.CliRun run = dev.frozen.cli.CliRun.in(tmp.resolve("home"), "run", file.toString(), "--check");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.cleanError(), run.toString());
        assertTrue(run.err().contains(file + ":5: backbone.weights: expects imagenet, random:SEED or an existing .h5 file; found '5'"),
                run.err());
    }
}
