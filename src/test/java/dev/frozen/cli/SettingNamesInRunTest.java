package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same problem found deep in fitting names the setting as the user wrote it: a flag under {@code frozen fit}, the
 * YAML key under {@code frozen run}, in errors and in warnings alike.
 */
class SettingNamesInRunTest {
    @TempDir Path tmp;

    private Path pipeline(String head) throws Exception {
        Path file = tmp.resolve("keys.yaml");
        Files.writeString(file, """
                name: keys
                dataset:
                  kind: folder
                  generate: {classes: 2, train_per_class: 3, test_per_class: 2, size: 32, seed: 1}
                backbone: {weights: "random:1", layer: block5_pool, input_size: 32}
                heads:
                  - %s
                """.formatted(head));
        return file;
    }

    @Test
    void tooManyFoldsNameHeadsCvInAPipelineAndCvOnTheCommandLine() throws Exception {
        Path features = tmp.resolve("features");
        CliRun run = CliRun.in(tmp.resolve("home"), "run", pipeline("{head: logreg, cv: 5}").toString(),
                "--features-dir", features.toString());
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("error: heads.cv 5: expected at most as many folds as the smallest class has "
                + "training rows"), run.toString());
        assertFalse(run.err().contains("--cv") || run.err().contains("\u2039"), run.toString());

        CliRun fit = CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--cv", "5", "--features-dir", features.toString());
        assertEquals(2, fit.code(), fit.toString());
        assertTrue(fit.err().startsWith("error: --cv 5: expected at most as many folds"), fit.toString());
    }

    @Test
    void theConvergenceWarningNamesHeadsMaxIterInAPipeline() throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CliRun run;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            run = CliRun.in(tmp.resolve("home"), "run", pipeline("{head: logreg, max_iter: 1}").toString(),
                    "--features-dir", tmp.resolve("features").toString());
        } finally {
            System.setErr(saved);
        }
        String err = log.toString(StandardCharsets.UTF_8);
        assertEquals(0, run.code(), run + "\n" + err);
        assertTrue(err.contains("raise heads.max_iter or heads.tol (the run is recorded with converged: false)"), err);
        assertFalse(err.contains("--max-iter") || err.contains("\u2039"), err);
        String reportLine = run.out().lines().filter(l -> l.startsWith("report: ")).findFirst().orElseThrow();
        String report = Files.readString(Path.of(reportLine.substring("report: ".length())));
        assertTrue(report.contains("not converged"), report); // the notes are there, rendered: no marker is left
        assertFalse(report.contains("\u2039"), report);
    }
}
