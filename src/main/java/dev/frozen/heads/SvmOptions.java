package dev.frozen.heads;

import dev.frozen.InvalidOption;
import java.util.List;
import java.util.Map;

/**
 * Support vector machine hyperparameters: L2-regularised squared hinge with a regularised bias of scale 1, tol
 * 1e-4 and at most 1000 iterations as scikit-learn's {@code LinearSVC}, but a linear default C of 0.001 rather than
 * 1: on CIFAR-sized features (tens of thousands of rows, overlapping classes) C = 1 is both the slowest and the
 * least accurate setting, and searches choose 0.001 or below. The rbf kernel keeps C = 1. {@code gamma} only
 * applies to the rbf kernel (null means 1/D, fixed at fit time); {@code solver} only to the linear kernel.
 */
public final class SvmOptions extends HeadOptions {
    /** The linear kernel's default C (see the type's comment for why it is not LinearSVC's 1). */
    public static final double DEFAULT_C = 0.001;
    /** The rbf kernel's default C, as scikit-learn's SVC. */
    public static final double DEFAULT_RBF_C = 1.0;
    public static final double DEFAULT_TOL = 1e-4;
    public static final int DEFAULT_MAX_ITER = 1000;

    /** Linear uses liblinear's dual coordinate descent; rbf uses Smile's kernel SVM (O(n^2.5)). */
    public enum Kernel implements dev.frozen.Choices.Named {
        LINEAR, RBF;

        public static Kernel parse(String s) {
            return dev.frozen.Choices.parse(Kernel.class, "kernel", s);
        }
    }

    /**
     * How liblinear solves the linear problem; both reach the same optimum. AUTO follows scikit-learn's
     * {@code dual="auto"}: the dual when there are fewer rows than features, else the primal (much faster
     * when rows far outnumber features, as with cached CNN features).
     */
    public enum Solver implements dev.frozen.Choices.Named {
        AUTO, DUAL, PRIMAL;

        public static Solver parse(String s) {
            return dev.frozen.Choices.parse(Solver.class, "solver", s);
        }
    }

    /** The options, once: keys, defaults, ranges, help and search grids (see {@link HeadOption}). */
    static final List<HeadOption> DECLARED = List.of(
            HeadOption.real("C", "inverse regularisation strength (smaller: a smoother, more regularised model)")
                    .byDefault(v -> v.get("kernel") == Kernel.RBF ? DEFAULT_RBF_C : DEFAULT_C, "0.001 linear, 1 rbf")
                    .positive().label("C").search("0.0001", "0.001", "0.01", "0.1", "1").shown()
                    .note("Why not LinearSVC's 1: on CIFAR-sized features C=1 was the slowest and least accurate setting."),
            HeadOption.choice("kernel", Kernel.class,
                    "linear (liblinear, fast) or rbf (Smile kernel SVM, slow beyond ~10k rows)")
                    .byDefault(Kernel.LINEAR).shownIfChanged(),
            HeadOption.real("gamma", "kernel width in exp(-G*|x-y|^2), rbf kernel only")
                    .byDefault(null).defaultText("1/number of features").positive().label("G").shownIfChanged(),
            HeadOption.choice("solver", Solver.class, "liblinear solver, linear kernel only: auto picks dual when rows "
                    + "< features, else primal, as scikit-learn's dual=\"auto\"").byDefault(Solver.AUTO),
            HeadOption.real("tol", "stopping tolerance").byDefault(DEFAULT_TOL).defaultText("1e-4").positive().label("T"),
            HeadOption.whole("max_iter", "iteration limit").byDefault(DEFAULT_MAX_ITER).atLeast(1));

    SvmOptions(Map<String, Object> values) {
        super(SvmKind.KIND, values);
        if (gamma() != null && kernel() != Kernel.RBF) {
            throw new InvalidOption("gamma", " applies to kernel rbf only (got kernel " + kernel().id() + ")");
        }
        if (solver() != Solver.AUTO && kernel() != Kernel.LINEAR) {
            throw new InvalidOption("solver", " applies to kernel linear only (got kernel " + kernel().id() + ")");
        }
    }

    /** One setting from text values keyed as in run records (the inverse of {@link #params()}); missing keys take defaults. */
    public static SvmOptions of(Map<String, String> m) {
        return (SvmOptions) SvmKind.KIND.of(m);
    }

    public static SvmOptions defaults() {
        return of(Map.of());
    }

    @Override
    public SvmOptions with(String key, Object value) {
        return (SvmOptions) super.with(key, value);
    }

    public double c() {
        return real("C");
    }

    public Kernel kernel() {
        return choice("kernel", Kernel.class);
    }

    /** The rbf kernel width; null means 1/D, fixed at fit time. */
    public Double gamma() {
        return realOrNull("gamma");
    }

    public Solver solver() {
        return choice("solver", Solver.class);
    }

    public double tol() {
        return real("tol");
    }

    public int maxIter() {
        return whole("max_iter");
    }

    /** gamma is recorded for the rbf kernel (null = 1/D; the head records the fitted value), solver for linear. */
    @Override
    boolean records(String key) {
        return switch (key) {
            case "gamma" -> kernel() == Kernel.RBF;
            case "solver" -> kernel() == Kernel.LINEAR; // AUTO is replaced by the choice made at fit time
            default -> true;
        };
    }

    /** Linear machines only: the kernel SVM's tolerance is left alone. */
    @Override
    public SvmOptions forSelection() {
        return kernel() == Kernel.LINEAR ? with("tol", tol() * SELECTION_TOL_FACTOR) : this;
    }
}
