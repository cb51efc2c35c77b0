package dev.frozen.heads;

import dev.frozen.features.FeatureSet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** The {@code logreg} kind: multinomial logistic regression on Smile's L-BFGS. */
final class LogRegKind extends HeadKind {
    static final LogRegKind KIND = new LogRegKind();

    private LogRegKind() {
        super("logreg", LogRegOptions.DECLARED);
    }

    @Override
    HeadOptions create(Map<String, Object> values) {
        return new LogRegOptions(values);
    }

    @Override
    Head train(HeadOptions o, SharedRows train, FeatureSet val, long seed, CachedLayer source, PrintStream log, Head warm) {
        return LogRegTrainer.train((LogRegOptions) o, train, log, warm instanceof LinearHead l ? l : null);
    }

    @Override
    Head load(Path dir, HeadFile file) {
        return LinearHead.load(file);
    }

    /** L-BFGS says the same solver line for every fit (5 settings x 5 folds would print 25). */
    @Override
    public boolean logsOnceInSearch() {
        return true;
    }
}
