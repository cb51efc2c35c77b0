package dev.frozen.heads;

import dev.frozen.UsageError;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Support vector machine hyperparameters. Defaults mirror scikit-learn's {@code LinearSVC}: C = 1, tol = 1e-4,
 * at most 1000 iterations. {@code gamma} only applies to the rbf kernel; null means 1/D, fixed at fit time.
 */
public record SvmOptions(double c, Kernel kernel, Double gamma, double tol, int maxIter) implements HeadOptions {
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
        p.put("tol", tol);
        p.put("max_iter", maxIter);
        return p;
    }
}
