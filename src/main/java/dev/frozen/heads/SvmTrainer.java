package dev.frozen.heads;

import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import dev.frozen.DataError;
import dev.frozen.Progress;
import dev.frozen.features.FeatureSet;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import smile.classification.SVM;
import smile.math.MathEx;
import smile.math.kernel.GaussianKernel;

/**
 * Trains one-vs-rest SVMs, one binary machine per class, in parallel over the cores. Linear machines come
 * from liblinear (L2-regularised squared hinge, dual coordinate descent or primal trust-region Newton, with a
 * regularised bias feature of 1, as scikit-learn's LinearSVC);
 * rbf machines from Smile's kernel SVM. Every machine gets its own seed, so results do not depend on threads.
 */
final class SvmTrainer {
    static final int KERNEL_WARN_ROWS = 10_000;

    private SvmTrainer() {}

    static Head train(SvmOptions o, FeatureSet train, long seed, PrintStream log) {
        return train(o, SharedRows.of(train), seed, log, null);
    }

    /** Linear machines solved in the primal start from {@code warm}'s weights when it is a linear SVM of the same shape. */
    static Head train(SvmOptions o, SharedRows shared, long seed, PrintStream log, LinearHead warm) {
        FeatureSet train = shared.rows();
        Standardizer std = shared.standardizer();
        double[][] z = shared.standardised();
        int k = train.numClasses();
        int[] y = train.labels();
        Map<String, Object> params = o.params();
        if (o.kernel() == SvmOptions.Kernel.LINEAR) {
            boolean dual = o.solver() == SvmOptions.Solver.DUAL
                    || (o.solver() == SvmOptions.Solver.AUTO && z.length < std.dim());
            params.put("solver", dual ? "dual" : "primal");
            SolverType solver = dual ? SolverType.L2R_L2LOSS_SVC_DUAL : SolverType.L2R_L2LOSS_SVC;
            Problem base = shared.problem();
            // liblinear reports hitting its iteration limit only as a line on its (process-wide) debug stream, so
            // listen there while these machines train: any machine that stops at the limit makes the head unconverged.
            IterationLimitListener limit = new IterationLimitListener();
            Linear.setDebugOutput(new PrintStream(limit, true, java.nio.charset.StandardCharsets.UTF_8));
            double[][] weights = new double[k][];
            // liblinear takes an initial solution only in the primal (trust-region Newton) solver.
            double[][] given = dual || warm == null ? null : warm.warmStartFor(SvmKind.KIND, k, std);
            double[][] start = given == null ? null : scaledStarts(z, y, given, o.c()); // null: another kind or shape
            List<double[]> rows;
            try {
                rows = perClass(k, "svm (linear, one-vs-rest)", log,
                        c -> linearMachine(base, y, c, solver, o, seed, start == null ? null : start[c]));
            } finally {
                Linear.disableDebugOutput();
            }
            for (int c = 0; c < k; c++) {
                weights[c] = rows.get(c);
            }
            return new LinearHead(SvmKind.KIND, params, train.classNames(), std, weights, false, !limit.hit());
        }
        double gamma = o.gamma() != null ? o.gamma() : 1.0 / std.dim();
        params.put("gamma", gamma);
        if (z.length > KERNEL_WARN_ROWS) {
            log.printf("warning: kernel SVM training grows about O(n^2.5); %d rows may take very long (linear is fast)%n", z.length);
        }
        // Smile's Gaussian kernel is exp(-|x-y|^2 / (2 sigma^2)), so sigma follows from gamma.
        GaussianKernel kernel = new GaussianKernel(Math.sqrt(1.0 / (2 * gamma)));
        List<KernelSvmHead.Machine> machines = perClass(k, "svm (rbf, one-vs-rest)", log, c -> {
            int[] yc = new int[y.length];
            for (int i = 0; i < y.length; i++) {
                yc[i] = y[i] == c ? 1 : -1;
            }
            MathEx.setSeed(machineSeed(seed, c)); // Smile's random order is thread-local
            SVM<double[]> m = SVM.fit(z, yc, kernel, o.c(), o.tol());
            return new KernelSvmHead.Machine(m.vectors(), m.weights(), m.intercept());
        });
        return new KernelSvmHead(params, train.classNames(), std, new KernelSvmHead.Model(gamma, machines));
    }

    /** Weights of the machine "class c versus the rest": d feature weights followed by the bias. */
    private static double[] linearMachine(Problem base, int[] y, int c, SolverType solver, SvmOptions o, long seed,
            double[] init) {
        Problem p = new Problem();
        p.l = base.l;
        p.n = base.n;
        p.bias = base.bias;
        p.x = base.x; // shared read-only between threads; only the labels differ
        p.y = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            p.y[i] = y[i] == c ? 1 : -1;
        }
        Parameter param = new Parameter(solver, o.c(), o.tol());
        param.setMaxIters(o.maxIter());
        param.setRandom(new Random(machineSeed(seed, c)));
        if (init != null) {
            // Our weights point towards class c, the label +1. With labels -1/+1 liblinear trains its binary machine
            // towards +1 whichever it saw first, so the start goes in as it is. (Flipping it when -1 came first, as
            // this once did, started 9 of 10 machines from the mirror image of the solution: slower than zero.)
            param.setInitSol(init);
        }
        Model m = Linear.train(p, param);
        double[] w = m.getFeatureWeights().clone();
        // Defensive: should liblinear ever orient a binary model towards -1, turn it to face class c.
        if (m.getLabels()[0] != 1) {
            for (int j = 0; j < w.length; j++) {
                w[j] = -w[j];
            }
        }
        return w;
    }

    /**
     * Each machine's start {@code init[c]} times the factor a that minimises its primal objective along it,
     * 0.5 a^2 |w|^2 + C sum_i max(0, 1 - a m_i)^2 with margins m_i = y_i w.x_i. Why: at small C the solution
     * grows nearly in proportion to C (and to the number of rows), so the previous setting's solution, or the
     * validated one before a refit on more rows, points the right way but has the wrong length; a start of the right
     * length saves Newton steps. The margins of all machines come from one pass over the standardised rows
     * ({@code z}, with liblinear's bias feature of 1), not one pass per machine over liblinear's row objects; the
     * solver's optimum does not depend on the factor.
     */
    static double[][] scaledStarts(double[][] z, int[] y, double[][] init, double c) {
        int k = init.length;
        double[][] margins = new double[k][z.length];
        for (int i = 0; i < z.length; i++) {
            double[] row = z[i];
            for (int m = 0; m < k; m++) {
                double[] w = init[m];
                double dot = w[row.length]; // the bias feature
                for (int j = 0; j < row.length; j++) {
                    dot += w[j] * row[j];
                }
                margins[m][i] = y[i] == m ? dot : -dot;
            }
        }
        double[][] out = new double[k][];
        for (int m = 0; m < k; m++) {
            double ww = 0;
            for (double v : init[m]) {
                ww += v * v;
            }
            double a = bestScale(margins[m], ww, c);
            out[m] = init[m].clone();
            for (int j = 0; j < out[m].length; j++) {
                out[m][j] *= a;
            }
        }
        return out;
    }

    /**
     * The minimiser over a > 0 of the convex, piecewise quadratic 0.5 a^2 ww + C sum_i max(0, 1 - a m_i)^2, by
     * Newton's method from a = 1 (each step solves the quadratic of the current active set exactly, so it ends in a
     * few steps); 1 when there is nothing to scale.
     */
    static double bestScale(double[] margins, double ww, double c) {
        if (!(ww > 0)) {
            return 1;
        }
        double a = 1;
        for (int step = 0; step < 50; step++) {
            double g = a * ww;
            double h = ww;
            for (double m : margins) {
                double slack = 1 - a * m;
                if (slack > 0) {
                    g -= 2 * c * m * slack;
                    h += 2 * c * m * m;
                }
            }
            double next = a - g / h;
            if (!(next > 0)) {
                next = a / 2; // stay on the positive side: a <= 0 would turn the start around
            }
            if (Math.abs(next - a) <= 1e-9 * a) {
                return next;
            }
            a = next;
        }
        return a;
    }

    private static long machineSeed(long seed, int c) {
        return seed * 1_000_003L + c;
    }

    private static <T> List<T> perClass(int k, String label, PrintStream log, IntFunction<T> fit) {
        int threads = Math.max(1, Math.min(k, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Progress bar = new Progress(label, k, "classes", 0, log)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int c = 0; c < k; c++) {
                int cls = c;
                futures.add(pool.submit(() -> {
                    T t = fit.apply(cls);
                    bar.advance(1);
                    return t;
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataError("SVM training was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new DataError("SVM training failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Scans liblinear's debug text, line by line, for its "reaching max number of (Newton) iterations" warning. */
    private static final class IterationLimitListener extends java.io.OutputStream {
        private final StringBuilder line = new StringBuilder();
        private volatile boolean hit;

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = line.toString();
                // "max number of inner iterations" is a line search detail, not a stop of the solver.
                if (text.contains("reaching max number of iterations") || text.contains("reaching max number of Newton iterations")) {
                    hit = true;
                }
                line.setLength(0);
            } else if (line.length() < 200) {
                line.append((char) b);
            }
        }

        boolean hit() {
            return hit;
        }
    }
}
