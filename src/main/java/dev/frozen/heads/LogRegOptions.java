package dev.frozen.heads;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multinomial logistic regression hyperparameters for Smile's L-BFGS fit. The objective is the summed
 * negative log-likelihood plus {@code lambda/2 * |w|^2}, so lambda = 1/C of scikit-learn; the default
 * lambda = 1 therefore matches scikit-learn's default C = 1, and tol/maxIter follow its 1e-4/100.
 */
public record LogRegOptions(double lambda, double tol, int maxIter) implements HeadOptions {
    public static final double DEFAULT_LAMBDA = 1.0;
    public static final double DEFAULT_TOL = 1e-4;
    public static final int DEFAULT_MAX_ITER = 100;

    public LogRegOptions {
        Check.nonNegative("--lambda", lambda);
        Check.positive("--tol", tol);
        Check.atLeast("--max-iter", 1, maxIter);
    }

    public static LogRegOptions defaults() {
        return new LogRegOptions(DEFAULT_LAMBDA, DEFAULT_TOL, DEFAULT_MAX_ITER);
    }

    @Override
    public HeadKind kind() {
        return HeadKind.LOGREG;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("lambda", lambda);
        p.put("tol", tol);
        p.put("max_iter", maxIter);
        return p;
    }
}
