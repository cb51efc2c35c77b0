package dev.frozen.experiments.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.UsageError;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.TestPredictions;
import dev.frozen.features.FeatureSet;
import dev.frozen.heads.HeadOptions;
import dev.frozen.heads.HeadSpec;
import dev.frozen.heads.LogRegOptions;
import dev.frozen.heads.SvmOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hyperparameter search: what is tried, what is chosen, what the test split sees. */
class SearchTest {
    // Overlapping classes with many noise features, so that the regularisation strength changes validation accuracy.
    static final FeatureSet TRAIN = overlapping(400, 1);
    static final FeatureSet TEST = overlapping(200, 2);

    static FeatureSet overlapping(int rows, long seed) {
        java.util.Random centres = new java.util.Random(11);
        double[][] c = new double[4][40];
        for (double[] row : c) {
            for (int j = 0; j < 5; j++) {
                row[j] = 0.8 * centres.nextGaussian(); // 5 informative features, 35 pure noise
            }
        }
        java.util.Random r = new java.util.Random(seed);
        float[][] x = new float[rows][40];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = i % 4;
            for (int j = 0; j < 40; j++) {
                x[i][j] = (float) (c[y[i]][j] + r.nextGaussian());
            }
        }
        return new FeatureSet(x, y, List.of("a", "b", "c", "d"));
    }
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path tmp;

    private static List<HeadOptions> svmGrid(double... cs) {
        List<HeadOptions> grid = new ArrayList<>();
        for (double c : cs) {
            grid.add(SvmOptions.of(Map.of("C", String.valueOf(c), "kernel", "linear", "tol", "1e-4", "max_iter", "1000", "solver", "auto")));
        }
        return grid;
    }

    @Test
    void searchRecordsEverySettingAndChoosesTheBestValidationAccuracy() {
        FitTarget target = new FitTarget("blobs", "block5_pool", 48, tmp.resolve("runs"));
        RunRecord r = Fitter.fit(target, TRAIN, TEST, new HeadSpec(svmGrid(1e-5, 1e-3, 0.1, 10), 0.2, 3, 0, true), QUIET);
        assertEquals(4, r.search().size());
        assertEquals(4, r.settingsTried());
        double best = -1;
        Object bestC = null;
        for (Map<String, Object> s : r.search()) {
            double acc = ((Number) s.get("val_accuracy")).doubleValue();
            if (acc > best) {
                best = acc;
                bestC = ((Map<?, ?>) s.get("params")).get("C");
            }
        }
        assertEquals(bestC, r.params().get("C"));
        assertEquals(best, r.valAccuracy(), 1e-12);
        assertEquals(TRAIN.size(), r.trainRows(), "refit on every training row");
        // The settings really differ on these overlapping classes, so the choice was not a tie-break.
        assertTrue(r.search().stream().mapToDouble(s -> ((Number) s.get("val_accuracy")).doubleValue()).distinct().count() > 1);
    }

    @Test
    void noRefitKeepsTheValidatedModel() {
        FitTarget target = new FitTarget("blobs", "block5_pool", 48, tmp.resolve("runs"));
        RunRecord r = Fitter.fit(target, TRAIN, TEST, new HeadSpec(svmGrid(1e-3, 1), 0.2, 3, 0, false), QUIET);
        assertEquals(TRAIN.size() - r.valRows(), r.trainRows());
        assertTrue(r.valRows() > 0);
    }

    @Test
    void crossValidationScoresEveryFoldAndChecksTheFoldCount() {
        FitTarget target = new FitTarget("blobs", "block5_pool", 48, tmp.resolve("runs"));
        List<HeadOptions> grid = List.of(LogRegOptions.of(Map.of("lambda", "0.1", "tol", "1e-4", "max_iter", "100")), LogRegOptions.of(Map.of("lambda", "100", "tol", "1e-4", "max_iter", "100")));
        RunRecord r = Fitter.fit(target, TRAIN, TEST, new HeadSpec(grid, 0.1, 3, 4, true), QUIET);
        assertEquals(2, r.search().size());
        for (Map<String, Object> s : r.search()) {
            List<?> folds = (List<?>) s.get("cv_fold_accuracies");
            assertEquals(4, folds.size());
            double mean = folds.stream().mapToDouble(f -> ((Number) f).doubleValue()).average().orElseThrow();
            assertEquals(mean, ((Number) s.get("cv_accuracy")).doubleValue(), 1e-12);
        }
        assertEquals(TRAIN.size(), r.trainRows());
        UsageError tooMany = assertThrows(UsageError.class,
                () -> Fitter.fit(target, TRAIN, TEST, new HeadSpec(grid, 0.1, 3, 1000, true), QUIET));
        assertTrue(shown(tooMany).contains("--cv 1000"), shown(tooMany));
        assertThrows(UsageError.class, () -> new HeadSpec(grid, 0.1, 3, 1, true));
        assertThrows(UsageError.class, () -> new HeadSpec(grid, 0.1, 3, 3, false));
    }

    @Test
    void aCrossValidatedLogregSearchSaysItsSolverLineOnce() {
        FitTarget target = new FitTarget("blobs", "block5_pool", 48, tmp.resolve("runs"));
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        List<HeadOptions> grid = List.of(LogRegOptions.of(Map.of("lambda", "0.1", "tol", "1e-4", "max_iter", "100")), LogRegOptions.of(Map.of("lambda", "10", "tol", "1e-4", "max_iter", "100")));
        Fitter.fit(target, TRAIN, TEST, new HeadSpec(grid, 0.1, 3, 3, true), new PrintStream(log, true));
        String text = log.toString();
        assertEquals(2, text.lines().filter(l -> l.startsWith("logreg: L-BFGS")).count(),
                "one for the search's first fit, one for the refit: " + text);
        assertTrue(text.contains("refit on all training rows"), text);
        assertEquals(2, text.lines().filter(l -> l.contains("3-fold CV accuracy")).count(), text);
    }

    @Test
    void aSearchNeedsSomethingToSelectOn() {
        FitTarget target = new FitTarget("blobs", "block5_pool", 48, tmp.resolve("runs"));
        UsageError e = assertThrows(UsageError.class,
                () -> Fitter.fit(target, TRAIN, TEST, new HeadSpec(svmGrid(0.1, 1), 0.0, 3, 0, true), QUIET));
        assertTrue(e.getMessage().contains("validation split"), e.getMessage());
    }

    @Test
    void foldsAreStratifiedDisjointAndCoverEveryRow() {
        int[][] folds = StratifiedFolds.assign(TRAIN, 5, 9);
        boolean[] seen = new boolean[TRAIN.size()];
        for (int[] fold : folds) {
            int[] perClass = new int[TRAIN.numClasses()];
            for (int i : fold) {
                assertTrue(!seen[i], "row " + i + " in two folds");
                seen[i] = true;
                perClass[TRAIN.labels()[i]]++;
            }
            for (int c : perClass) {
                assertEquals(TRAIN.size() / TRAIN.numClasses() / 5.0, c, 1.0);
            }
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
    }

    @Test
    void predictionsAreKeptWithTheRunAndAgreeWithItsAccuracy() {
        FitTarget target = new FitTarget("blobs", "block5_pool", 48, tmp.resolve("runs"));
        RunRecord r = Fitter.fit(target, TRAIN, TEST, new HeadSpec(LogRegOptions.defaults(), 0.1, 3), QUIET);
        TestPredictions p = TestPredictions.read(target.runsDir().resolve(r.modelFile())).orElseThrow();
        assertEquals(TEST.size(), p.predicted().length);
        assertTrue(p.probabilities());
        assertEquals(r.testAccuracy(), Evaluation.accuracy(TEST.labels(), p.predicted()), 1e-12);
        assertEquals(Boolean.TRUE, r.converged());
    }

    @Test
    void aSolverStoppedByItsIterationLimitIsRecordedAndReported() {
        FitTarget target = new FitTarget("blobs", "block5_pool", 48, tmp.resolve("runs"));
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        RunRecord r = Fitter.fit(target, TRAIN, TEST, new HeadSpec(LogRegOptions.of(Map.of("lambda", "0.01", "tol", "1e-12", "max_iter", "2")), 0.1, 3),
                new PrintStream(log, true));
        assertEquals(Boolean.FALSE, r.converged());
        assertTrue(log.toString().contains("stopped at its iteration limit"), log.toString());
        for (SvmOptions.Solver solver : SvmOptions.Solver.values()) {
            if (solver == SvmOptions.Solver.AUTO) {
                continue;
            }
            RunRecord capped = Fitter.fit(target, TRAIN, TEST, new HeadSpec(
                    SvmOptions.of(Map.of("C", "100", "kernel", "linear", "tol", "1e-12", "max_iter", "1", "solver", String.valueOf(solver))), 0.1, 3), QUIET);
            assertEquals(Boolean.FALSE, capped.converged(), solver + " with one iteration");
            RunRecord easy = Fitter.fit(target, TRAIN, TEST, new HeadSpec(
                    SvmOptions.of(Map.of("C", "0.01", "kernel", "linear", "tol", "1e-2", "max_iter", "1000", "solver", String.valueOf(solver))), 0.1, 3), QUIET);
            assertEquals(Boolean.TRUE, easy.converged(), solver + " with a loose tolerance");
        }
    }

    @Test
    void aWarmStartFromTheSolutionItselfNeedsNoFurtherIterations() {
        // Every one-vs-rest machine must start from its own solution, whichever label liblinear saw first (row 0 is
        // class "a", so three of the four machines see "rest" first). With max_iter 2 liblinear flags the limit as
        // soon as it takes a step (its counter starts at 1), so only machines that start converged pass.
        SvmOptions tight = SvmOptions.of(Map.of("C", "0.1", "kernel", "linear", "tol", "1e-6", "max_iter", "1000", "solver", "primal"));
        SvmOptions twoSteps = SvmOptions.of(Map.of("C", "0.1", "kernel", "linear", "tol", "1e-6", "max_iter", "2", "solver", "primal"));
        dev.frozen.heads.Head solved = dev.frozen.heads.Heads.train(tight, TRAIN, null, 3, null, QUIET);
        assertEquals(Boolean.TRUE, solved.converged());
        assertEquals(Boolean.FALSE, dev.frozen.heads.Heads.train(twoSteps, TRAIN, null, 3, null, QUIET).converged(),
                "from zero, two Newton steps cannot meet tol 1e-6");
        dev.frozen.heads.Head again = dev.frozen.heads.Heads.train(twoSteps, TRAIN, null, 3, null, QUIET, solved);
        assertEquals(Boolean.TRUE, again.converged(), "a warm start from the solution took Newton steps");
        double[][] a = solved.scores(TEST.features());
        double[][] b = again.scores(TEST.features());
        for (int i = 0; i < a.length; i++) {
            for (int c = 0; c < a[i].length; c++) {
                // not bit-equal: the start is scaled by the best factor along it, 1 only up to the solution's tolerance
                assertEquals(a[i][c], b[i][c], 1e-6);
            }
        }
    }

    @Test
    void warmStartsReachTheSameModelAsColdStarts() {
        for (HeadOptions[] pair : new HeadOptions[][] {
            {LogRegOptions.of(Map.of("lambda", "10", "tol", "1e-6", "max_iter", "500")), LogRegOptions.of(Map.of("lambda", "1", "tol", "1e-6", "max_iter", "500"))},
            {SvmOptions.of(Map.of("C", "0.01", "kernel", "linear", "tol", "1e-6", "max_iter", "1000", "solver", "primal")),
                SvmOptions.of(Map.of("C", "0.1", "kernel", "linear", "tol", "1e-6", "max_iter", "1000", "solver", "primal"))}}) {
            dev.frozen.heads.Head neighbour = dev.frozen.heads.Heads.train(pair[0], TRAIN, null, 3, null, QUIET);
            dev.frozen.heads.Head cold = dev.frozen.heads.Heads.train(pair[1], TRAIN, null, 3, null, QUIET);
            dev.frozen.heads.Head warm = dev.frozen.heads.Heads.train(pair[1], TRAIN, null, 3, null, QUIET, neighbour);
            double[][] a = cold.scores(TEST.features());
            double[][] b = warm.scores(TEST.features());
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                for (int c = 0; c < a[i].length; c++) {
                    worst = Math.max(worst, Math.abs(a[i][c] - b[i][c]));
                }
            }
            assertTrue(worst < 1e-3, pair[1].kind() + ": warm and cold solutions differ by " + worst);
            // And the neighbour really is a different model, so the warm start had work to do.
            double[][] n = neighbour.scores(TEST.features());
            double apart = 0;
            for (int i = 0; i < a.length; i++) {
                for (int c = 0; c < a[i].length; c++) {
                    apart = Math.max(apart, Math.abs(a[i][c] - n[i][c]));
                }
            }
            assertTrue(apart > 1e-2, pair[1].kind() + ": the two settings give the same model");
        }
    }

    @Test
    void selectionFitsStopAtALooserToleranceOnlyWhenARefitFollows() {
        FitTarget target = new FitTarget("blobs", "block5_pool", 48, tmp.resolve("runs"));
        RunRecord refit = Fitter.fit(target, TRAIN, TEST, new HeadSpec(svmGrid(1e-3, 1), 0.2, 3, 0, true), QUIET);
        for (Map<String, Object> s : refit.search()) {
            Map<?, ?> p = (Map<?, ?>) s.get("params");
            assertEquals(1e-4, p.get("tol"), "the user's tolerance is recorded as the setting's");
            assertEquals(1e-4 * HeadOptions.SELECTION_TOL_FACTOR, ((Number) p.get("selection_tol")).doubleValue(), 1e-15);
        }
        assertEquals(1e-4, refit.params().get("tol"), "the refit keeps the user's tolerance");
        assertTrue(!refit.params().containsKey("selection_tol"));

        // Without a refit the best selection fit is the result, so it must be fitted exactly as asked.
        RunRecord kept = Fitter.fit(target, TRAIN, TEST, new HeadSpec(svmGrid(1e-3, 1), 0.2, 3, 0, false), QUIET);
        for (Map<String, Object> s : kept.search()) {
            Map<?, ?> p = (Map<?, ?>) s.get("params");
            assertEquals(1e-4, p.get("tol"));
            assertTrue(!p.containsKey("selection_tol"), p.toString());
        }
        assertEquals(1e-4, kept.params().get("tol"));
    }

    @Test
    void looserSelectionToleranceKeepsTheRanking() {
        // The looser selection fits pick the setting, and score it, as fits at the user's tolerance do.
        FitTarget target = new FitTarget("blobs", "block5_pool", 48, tmp.resolve("runs"));
        for (List<HeadOptions> grid : List.of(svmGrid(1e-5, 1e-3, 0.1, 10),
                List.<HeadOptions>of(LogRegOptions.of(Map.of("lambda", "1000", "tol", "1e-4", "max_iter", "100")), LogRegOptions.of(Map.of("lambda", "10", "tol", "1e-4", "max_iter", "100")),
                        LogRegOptions.of(Map.of("lambda", "0.1", "tol", "1e-4", "max_iter", "100"))))) {
            RunRecord loose = Fitter.fit(target, TRAIN, TEST, new HeadSpec(grid, 0.2, 3, 0, true), QUIET);
            RunRecord exact = Fitter.fit(target, TRAIN, TEST, new HeadSpec(grid, 0.2, 3, 0, false), QUIET);
            assertEquals(exact.params().get("C"), loose.params().get("C"));
            assertEquals(exact.params().get("lambda"), loose.params().get("lambda"));
            for (int i = 0; i < grid.size(); i++) {
                assertEquals(((Number) exact.search().get(i).get("val_accuracy")).doubleValue(),
                        ((Number) loose.search().get(i).get("val_accuracy")).doubleValue(), 0.02, grid.get(i).toString());
            }
        }
    }

    /** The message as the command line shows it: each setting by its flag. */
    private static String shown(Throwable e) {
        return dev.frozen.Setting.render(e.getMessage(), dev.frozen.Setting.FLAGS);
    }
}
