package dev.frozen.heads;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A linear model over standardised features: score_c = w_c . z + b_c, one row of {@code weights} per class
 * with the bias last. Softmax turns the scores into probabilities (logistic regression); otherwise they are
 * one-vs-rest decision values (linear SVM).
 */
public final class LinearHead extends TrainedHead {
    /** The {@code model_type} in head.json (logreg, and the linear svm). */
    static final String MODEL_TYPE = "linear";
    private final Standardizer standardizer;
    private final double[][] weights;
    private final boolean softmax;
    private final Boolean converged; // known only right after training; null for a loaded head

    /** The saved form of the weights. */
    record Model(@JsonProperty("weights") double[][] weights, @JsonProperty("softmax") boolean softmax) {}

    LinearHead(HeadKind kind, Map<String, Object> params, List<String> classNames, Standardizer standardizer,
            double[][] weights, boolean softmax) {
        this(kind, params, classNames, standardizer, weights, softmax, null);
    }

    LinearHead(HeadKind kind, Map<String, Object> params, List<String> classNames, Standardizer standardizer,
            double[][] weights, boolean softmax, Boolean converged) {
        super(kind, params, classNames, softmax);
        if (weights.length != classNames.size()) {
            throw new IllegalArgumentException(weights.length + " weight rows for " + classNames.size() + " classes");
        }
        this.standardizer = standardizer;
        this.weights = weights;
        this.softmax = softmax;
        this.converged = converged;
    }

    /**
     * The weights (one row per class: feature weights on standardised features, then the bias) as a warm start for
     * a neighbouring setting of the same kind, re-expressed for the rows standardised by {@code target}, or null
     * when this head cannot serve as one.
     */
    double[][] warmStartFor(HeadKind wanted, int classes, Standardizer target) {
        int dim = target.dim();
        if (kind() != wanted || weights.length != classes || weights[0].length != dim + 1) {
            return null;
        }
        // The same scores expressed on the target's standardised columns: w.(x - m)/s + b equals
        // sum_j (w_j s'_j / s_j) (x_j - m'_j)/s'_j + b + sum_j w_j (m'_j - m_j)/s_j. A refit on more rows has its own
        // standardizer; without this its start would be a slightly different function.
        double[][] out = new double[classes][dim + 1];
        for (int c = 0; c < classes; c++) {
            double[] w = weights[c];
            double b = w[dim];
            for (int j = 0; j < dim; j++) {
                out[c][j] = w[j] * target.scale()[j] / standardizer.scale()[j];
                b += w[j] * (target.mean()[j] - standardizer.mean()[j]) / standardizer.scale()[j];
            }
            out[c][dim] = b;
        }
        return out;
    }

    @Override
    public Boolean converged() {
        return converged;
    }

    /** The per-feature standardisation applied before the weights (exporters rebuild the head from it). */
    public Standardizer standardizer() {
        return standardizer;
    }

    /** A copy of the weights: one row per class, the feature weights on standardised features, then the bias. */
    public double[][] weights() {
        double[][] copy = new double[weights.length][];
        for (int c = 0; c < weights.length; c++) {
            copy[c] = weights[c].clone();
        }
        return copy;
    }

    static LinearHead load(HeadFile file) {
        Model m = file.model(Model.class);
        return new LinearHead(HeadKinds.parse(file.kind()), file.params(), file.classNames(), file.standardizer(),
                m.weights(), m.softmax());
    }

    @Override
    public double[][] scores(float[][] features) {
        double[][] z = standardizer.apply(features);
        double[][] out = new double[z.length][];
        int d = standardizer.dim();
        for (int i = 0; i < z.length; i++) {
            double[] s = new double[weights.length];
            for (int c = 0; c < weights.length; c++) {
                double[] w = weights[c];
                double dot = w[d];
                for (int j = 0; j < d; j++) {
                    dot += w[j] * z[i][j];
                }
                s[c] = dot;
            }
            if (softmax) {
                softmaxInPlace(s);
            }
            out[i] = s;
        }
        return out;
    }

    @Override
    public void save(Path dir) {
        HeadFile.write(dir, kind(), MODEL_TYPE, params(), classNames(), standardizer, new Model(weights, softmax));
    }

    static void softmaxInPlace(double[] s) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int j = 0; j < s.length; j++) {
            s[j] = Math.exp(s[j] - max);
            sum += s[j];
        }
        for (int j = 0; j < s.length; j++) {
            s[j] /= sum;
        }
    }
}
