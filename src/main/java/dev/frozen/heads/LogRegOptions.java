package dev.frozen.heads;

import java.util.List;
import java.util.Map;

/**
 * Multinomial logistic regression hyperparameters for Smile's L-BFGS fit. The objective is the summed
 * negative log-likelihood plus {@code lambda/2 * |w|^2}, so lambda = 1/C of scikit-learn. The default lambda = 100
 * (scikit-learn's C = 0.01) and 500 iterations replace scikit-learn's C = 1 and 100: on CIFAR-sized features the
 * weaker penalty did not converge in 100 iterations and scored lower, while lambda = 100 converges in a few
 * times less time. tol follows scikit-learn's 1e-4.
 */
public final class LogRegOptions extends HeadOptions {
    public static final double DEFAULT_LAMBDA = 100.0;
    public static final double DEFAULT_TOL = 1e-4;
    public static final int DEFAULT_MAX_ITER = 500;
    /** The largest lambda accepted: far below where Smile's line search stops ending (measured near 5e307). */
    public static final double MAX_LAMBDA = 1e100;

    /** The options, once: keys, defaults, ranges, help and search grids (see {@link HeadOption}). */
    static final List<HeadOption> DECLARED = List.of(
            HeadOption.real("lambda", "L2 penalty lambda/2*|w|^2 on the summed log-loss (lambda = 1/C of scikit-learn)")
                    .byDefault(DEFAULT_LAMBDA).nonNegative().label("L").search("1000", "100", "10", "1", "0.1").shown()
                    .defaultText("100, i.e. C=0.01: on CIFAR-sized features it converges faster and scores higher than "
                            + "lambda 1"),
            HeadOption.real("tol", "stopping tolerance").byDefault(DEFAULT_TOL).defaultText("1e-4").positive().label("T"),
            HeadOption.whole("max_iter", "iteration limit").byDefault(DEFAULT_MAX_ITER).atLeast(1)
                    .note("logreg's 500: scikit-learn's 100 stopped short of convergence on CIFAR-sized features."));

    LogRegOptions(Map<String, Object> values) {
        super(LogRegKind.KIND, values);
        if (lambda() > MAX_LAMBDA) {
            // Smile's L-BFGS line search did not end within a minute at lambda 5e307 (it ends at 1e300 as at 1).
            throw new dev.frozen.InvalidOption("lambda", " must be at most 1e100"
                    + " (the solver's line search may not end beyond; every weight is already 0), found " + lambda());
        }
    }

    /** One setting from text values keyed as in run records (the inverse of {@link #params()}); missing keys take defaults. */
    public static LogRegOptions of(Map<String, String> m) {
        return (LogRegOptions) LogRegKind.KIND.of(m);
    }

    public static LogRegOptions defaults() {
        return of(Map.of());
    }

    @Override
    public LogRegOptions with(String key, Object value) {
        return (LogRegOptions) super.with(key, value);
    }

    public double lambda() {
        return real("lambda");
    }

    public double tol() {
        return real("tol");
    }

    public int maxIter() {
        return whole("max_iter");
    }
}
