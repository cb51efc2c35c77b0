package dev.frozen.heads;

import dev.frozen.InvalidOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Support vector machine hyperparameters: L2-regularised squared hinge with a regularised bias of scale 1, tol
 * 1e-4 and at most 1000 iterations as scikit-learn's {@code LinearSVC}, but a linear default C of 0.001 rather than
 * 1: on CIFAR-sized features (tens of thousands of rows, overlapping classes) C = 1 is both the slowest and the
 * least accurate setting, and searches choose 0.001 or below. The rbf kernel keeps C = 1. {@code gamma} only
 * applies to the rbf kernel (null means 1/D, fixed at fit time); {@code solver} only to the linear kernel.
 */
public record SvmOptions(double c, Kernel kernel, Double gamma, double tol, int maxIter, Solver solver) implements HeadOptions {
    /** The linear kernel's default C (see the type's comment for why it is not LinearSVC's 1). */
    public static final double DEFAULT_C = 0.001;
    /** The rbf kernel's default C, as scikit-learn's SVC. */
    public static final double DEFAULT_RBF_C = 1.0;
    public static final double DEFAULT_TOL = 1e-4;
    public static final int DEFAULT_MAX_ITER = 1000;
    /** The keys of {@link #params()} and {@link #of(Map)}, as in run records and pipeline files. */
    public static final List<String> KEYS = List.of("C", "kernel", "gamma", "solver", "tol", "max_iter");

    /** Linear uses liblinear's dual coordinate descent; rbf uses Smile's kernel SVM (O(n^2.5)). */
    public enum Kernel implements dev.frozen.Choices.Named {
        LINEAR, RBF;

        public static Kernel parse(String s) {
            return dev.frozen.Choices.parse(Kernel.class, "kernel", s);
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
    public enum Solver implements dev.frozen.Choices.Named {
        AUTO, DUAL, PRIMAL;

        public static Solver parse(String s) {
            return dev.frozen.Choices.parse(Solver.class, "solver", s);
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
        Check.positive("C", c);
        if (kernel == null) {
            kernel = Kernel.LINEAR;
        }
        if (gamma != null) {
            if (kernel != Kernel.RBF) {
                throw new InvalidOption("gamma", " applies to kernel rbf only (got kernel " + kernel.id() + ")");
            }
            Check.positive("gamma", gamma);
        }
        if (solver == null) {
            solver = Solver.AUTO;
        }
        if (solver != Solver.AUTO && kernel != Kernel.LINEAR) {
            throw new InvalidOption("solver", " applies to kernel linear only (got kernel " + kernel.id() + ")");
        }
        Check.positive("tol", tol);
        Check.atLeast("max_iter", 1, maxIter);
    }

    /** One setting from text values keyed as {@link #KEYS} (the inverse of {@link #params()}); missing keys take defaults. */
    public static SvmOptions of(Map<String, String> m) {
        Kernel kernel = m.get("kernel") == null ? Kernel.LINEAR : Kernel.parse(m.get("kernel").strip());
        Solver solver = m.get("solver") == null ? Solver.AUTO : Solver.parse(m.get("solver").strip());
        return new SvmOptions(OptionValues.number(m, "C", kernel == Kernel.RBF ? DEFAULT_RBF_C : DEFAULT_C), kernel, OptionValues.numberOrNull(m, "gamma"),
                OptionValues.number(m, "tol", DEFAULT_TOL), OptionValues.whole(m, "max_iter", DEFAULT_MAX_ITER), solver);
    }

    /** What {@code --search} tries when C is not given: a C path, most regularised first (warm starts follow it). */
    static Map<String, List<String>> searchGrid(Map<String, List<String>> given) {
        List<String> kernel = given.get("kernel");
        boolean rbf = kernel != null && kernel.stream().anyMatch(k -> k.strip().equalsIgnoreCase("rbf"));
        return Map.of("C", rbf ? List.of("0.1", "1", "10") : List.of("0.0001", "0.001", "0.01", "0.1", "1"));
    }

    /** Table text for recorded params: {@code C=1}, {@code C=10 rbf gamma=0.002}. */
    static String summary(Map<String, Object> p) {
        StringBuilder s = new StringBuilder("C=").append(OptionValues.num(p.get("C")));
        if ("rbf".equals(p.get("kernel"))) {
            s.append(" rbf");
            if (p.get("gamma") != null) {
                s.append(" gamma=").append(OptionValues.num(p.get("gamma")));
            }
        }
        return s.toString();
    }

    /** Linear machines only: the kernel SVM's tolerance is left alone. */
    @Override
    public SvmOptions forSelection() {
        return kernel == Kernel.LINEAR ? new SvmOptions(c, kernel, gamma, tol * SELECTION_TOL_FACTOR, maxIter, solver) : this;
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
