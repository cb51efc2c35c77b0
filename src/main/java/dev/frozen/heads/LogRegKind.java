package dev.frozen.heads;

import dev.frozen.features.FeatureSet;
import java.io.PrintStream;

/** The {@code logreg} kind: multinomial logistic regression on Smile's L-BFGS. */
final class LogRegKind extends HeadKind {
    static final LogRegKind KIND = new LogRegKind();

    private LogRegKind() {
        super("logreg", LogRegOptions.DECLARED, LogRegOptions::new, (dir, file) -> LinearHead.load(file));
    }

    @Override
    Head train(HeadOptions o, SharedRows train, FeatureSet val, long seed, CachedLayer source, PrintStream log, Head warm) {
        return LogRegTrainer.train((LogRegOptions) o, train, log, warm instanceof LinearHead l ? l : null);
    }

    /** L-BFGS says the same solver line for every fit (5 settings x 5 folds would print 25). */
    @Override
    public boolean logsOnceInSearch() {
        return true;
    }
}
