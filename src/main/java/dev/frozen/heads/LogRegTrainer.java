package dev.frozen.heads;

import dev.frozen.features.FeatureSet;
import java.io.PrintStream;
import java.util.Map;
import smile.classification.LogisticRegression;

/** Fits Smile's multinomial logistic regression (L-BFGS) on standardised features; deterministic. */
final class LogRegTrainer {
    private LogRegTrainer() {}

    static LinearHead train(LogRegOptions o, FeatureSet train, PrintStream log) {
        // Smile's L-BFGS reports no progress, so say what is happening before a silent minute.
        log.printf("logreg: L-BFGS on %d rows x %d features, %d classes, at most %d iterations%n",
                train.size(), train.dim(), train.numClasses(), o.maxIter());
        Standardizer std = Standardizer.fit(train.features());
        double[][] z = std.apply(train.features());
        int k = train.numClasses();
        double[][] weights;
        if (k == 1) {
            weights = new double[1][std.dim() + 1];
        } else if (k == 2) {
            // Smile refuses a multinomial fit on two classes; the binomial model is the same softmax with class 0 pinned at 0.
            LogisticRegression.Binomial m = LogisticRegression.binomial(z, train.labels(), o.lambda(), o.tol(), o.maxIter());
            weights = new double[][] {new double[std.dim() + 1], m.coefficients().clone()};
        } else {
            LogisticRegression.Multinomial m = LogisticRegression.multinomial(z, train.labels(), o.lambda(), o.tol(), o.maxIter());
            double[][] coef = m.coefficients();
            int[] classes = m.classes();
            // Smile keeps k-1 rows and pins the last class's scores at 0; add that zero row so softmax over all k is the model.
            weights = new double[k][std.dim() + 1];
            for (int i = 0; i < coef.length; i++) {
                weights[classes[i]] = coef[i].clone();
            }
        }
        Map<String, Object> params = o.params();
        return new LinearHead(HeadKind.LOGREG, params, train.classNames(), std, weights, true);
    }
}
