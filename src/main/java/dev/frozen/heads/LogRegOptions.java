package dev.frozen.heads;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multinomial logistic regression hyperparameters for Smile's L-BFGS fit. The objective is the summed
 * negative log-likelihood plus {@code lambda/2 * |w|^2}, so lambda = 1/C of scikit-learn. The default lambda = 100
 * (scikit-learn's C = 0.01) and 500 iterations replace scikit-learn's C = 1 and 100: on CIFAR-sized features the
 * weaker penalty did not converge in 100 iterations and scored lower, while lambda = 100 converges in a few
 * times less time. tol follows scikit-learn's 1e-4.
 */
public record LogRegOptions(double lambda, double tol, int maxIter) implements HeadOptions {
    public static final double DEFAULT_LAMBDA = 100.0;
    public static final double DEFAULT_TOL = 1e-4;
    public static final int DEFAULT_MAX_ITER = 500;
    /** The largest lambda accepted: far below where Smile's line search stops ending (measured near 5e307). */
    public static final double MAX_LAMBDA = 1e100;
    /** The keys of {@link #params()} and {@link #of(Map)}, as in run records and pipeline files. */
    public static final List<String> KEYS = List.of("lambda", "tol", "max_iter");

    public LogRegOptions {
        Check.nonNegative("lambda", lambda);
        if (lambda > MAX_LAMBDA) {
            // Smile's L-BFGS line search did not end within a minute at lambda 5e307 (it ends at 1e300 as at 1).
            throw new dev.frozen.InvalidOption("lambda", " must be at most 1e100"
                    + " (the solver's line search may not end beyond; every weight is already 0), found " + lambda);
        }
        Check.positive("tol", tol);
        Check.atLeast("max_iter", 1, maxIter);
    }

    /** One setting from text values keyed as {@link #KEYS} (the inverse of {@link #params()}); missing keys take defaults. */
    public static LogRegOptions of(Map<String, String> m) {
        return new LogRegOptions(OptionValues.number(m, "lambda", DEFAULT_LAMBDA), OptionValues.number(m, "tol", DEFAULT_TOL),
                OptionValues.whole(m, "max_iter", DEFAULT_MAX_ITER));
    }

    /** What {@code --search} tries when lambda is not given: most regularised first (warm starts follow it). */
    static Map<String, List<String>> searchGrid(Map<String, List<String>> given) {
        return Map.of("lambda", List.of("1000", "100", "10", "1", "0.1"));
    }

    /** Table text for recorded params: {@code lambda=1}. */
    static String summary(Map<String, Object> p) {
        return "lambda=" + OptionValues.num(p.get("lambda"));
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
