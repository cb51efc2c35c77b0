package dev.frozen.heads;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A trained, immutable classifier over raw (unstandardised) feature rows. It carries its own
 * {@link Standardizer}, fitted on the training rows, and saves to / loads from one folder.
 */
public interface Head {
    HeadKind kind();

    /** Hyperparameters as fitted, including values resolved at fit time (e.g. the rbf gamma, the kept epoch). */
    Map<String, Object> params();

    List<String> classNames();

    /**
     * One row of per-class scores per input row: class probabilities when {@link #probabilistic()},
     * otherwise one-vs-rest decision values. The predicted class is the arg max.
     */
    double[][] scores(float[][] features);

    boolean probabilistic();

    /**
     * False when the solver stopped at its iteration limit before meeting its tolerance, true when it met it, null
     * where the trainer cannot tell (e.g. the dense head, which runs a fixed number of epochs).
     */
    default Boolean converged() {
        return null;
    }

    /**
     * Per training epoch, its figures ({@code epoch}, {@code train_loss}, and with validation rows {@code val_loss}
     * and {@code val_accuracy}); null for heads that do not train in epochs or were loaded from disk.
     */
    default List<Map<String, Object>> epochLog() {
        return null;
    }

    /**
     * Why this head cannot stand alone as a model file of fixed-size operators (ONNX export), as a phrase; null when
     * it can. A head whose answer needs its training rows at prediction time says so here.
     */
    default String notExportable() {
        return null;
    }

    default int[] predict(float[][] features) {
        double[][] s = scores(features);
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = argMax(s[i]);
        }
        return out;
    }

    /** Writes the model into {@code dir} (created if absent); {@link Heads#load(Path)} reads it back. */
    void save(Path dir);

    static int argMax(double[] v) {
        int best = 0;
        for (int j = 1; j < v.length; j++) {
            if (v[j] > v[best]) {
                best = j;
            }
        }
        return best;
    }
}
