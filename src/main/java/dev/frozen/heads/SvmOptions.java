package dev.frozen.heads;

import dev.frozen.UsageError;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Support vector machine hyperparameters. Defaults mirror scikit-learn's {@code LinearSVC}: C = 1, tol = 1e-4,
 * at most 1000 iterations, L2-regularised squared hinge with a regularised bias of scale 1. {@code gamma} only
 * applies to the rbf kernel (null means 1/D, fixed at fit time); {@code solver} only to the linear kernel.
 */
public record SvmOptions(double c, Kernel kernel, Double gamma, double tol, int maxIter, Solver solver) implements HeadOptions {
    public static final double DEFAULT_C = 1.0;
    public static final double DEFAULT_TOL = 1e-4;
    public static final int DEFAULT_MAX_ITER = 1000;

    /** Linear uses liblinear's dual coordinate descent; rbf uses Smile's kernel SVM (O(n^2.5)). */
    public enum Kernel {
        LINEAR, RBF;

        public static Kernel parse(String s) {
            for (Kernel k : values()) {
                if (k.name().equalsIgnoreCase(s)) {
                    return k;
                }
            }
            throw new UsageError("--kernel must be one of linear, rbf (got " + s + ")");
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How liblinear solves the linear problem; both reach the same optimum. AUTO follows scikit-learn's
     * {@code dual="auto"}: the dual when there are fewer rows than features, else the primal (much faster
     * when rows far outnumber features, as with cached CNN features).
     */
    public enum Solver {
        AUTO, DUAL, PRIMAL;

        public static Solver parse(String s) {
            for (Solver v : values()) {
                if (v.name().equalsIgnoreCase(s)) {
                    return v;
                }
            }
            throw new UsageError("--solver must be one of auto, dual, primal (got " + s + ")");
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The defaults with the given kernel-independent options; the solver is AUTO. */
    public SvmOptions(double c, Kernel kernel, Double gamma, double tol, int maxIter) {
        this(c, kernel, gamma, tol, maxIter, Solver.AUTO);
    }

    public SvmOptions {
        Check.positive("--C", c);
        if (kernel == null) {
            kernel = Kernel.LINEAR;
        }
        if (gamma != null) {
            if (kernel != Kernel.RBF) {
                throw new UsageError("--gamma applies to --kernel rbf only (got --kernel " + kernel.id() + ")");
            }
            Check.positive("--gamma", gamma);
        }
        if (solver == null) {
            solver = Solver.AUTO;
        }
        if (solver != Solver.AUTO && kernel != Kernel.LINEAR) {
            throw new UsageError("--solver applies to --kernel linear only (got --kernel " + kernel.id() + ")");
        }
        Check.positive("--tol", tol);
        Check.atLeast("--max-iter", 1, maxIter);
    }

    public static SvmOptions defaults() {
        return new SvmOptions(DEFAULT_C, Kernel.LINEAR, null, DEFAULT_TOL, DEFAULT_MAX_ITER);
    }

    @Override
    public HeadKind kind() {
        return HeadKind.SVM;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("C", c);
        p.put("kernel", kernel.id());
        if (kernel == Kernel.RBF) {
            p.put("gamma", gamma); // null = 1/D; the fitted value is recorded by the head itself
        }
        if (kernel == Kernel.LINEAR) {
            p.put("solver", solver.id()); // AUTO is replaced by the choice made at fit time
        }
        p.put("tol", tol);
        p.put("max_iter", maxIter);
        return p;
    }
}
