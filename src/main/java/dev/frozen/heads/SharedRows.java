package dev.frozen.heads;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Problem;
import dev.frozen.features.FeatureSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training rows plus what the linear trainers derive from them alone, computed once on first use: the
 * standardizer, the standardised rows, liblinear's problem (one object per value) and the rows on the native side.
 * A search trains every setting on the same rows, so it hands one of these to each fit instead of rebuilding them
 * per setting; a plain fit uses a fresh one. Nothing here depends on a hyperparameter, so sharing changes no result.
 */
public final class SharedRows {
    private final FeatureSet rows;
    private Standardizer standardizer;
    private double[][] standardised;
    private Problem problem;
    private INDArray nativeRows;
    private DataType nativeType;

    private SharedRows(FeatureSet rows) {
        this.rows = rows;
    }

    public static SharedRows of(FeatureSet rows) {
        return new SharedRows(rows);
    }

    public FeatureSet rows() {
        return rows;
    }

    synchronized Standardizer standardizer() {
        if (standardizer == null) {
            standardizer = Standardizer.fit(rows.features());
        }
        return standardizer;
    }

    /** The rows standardised, in double (shared: callers must not write to them). */
    synchronized double[][] standardised() {
        if (standardised == null) {
            standardised = standardizer().apply(rows.features());
        }
        return standardised;
    }

    /**
     * liblinear's view of the standardised rows with a bias feature of 1 appended; labels left unset. Shared
     * read-only: each machine copies the fields into its own Problem and sets its own labels.
     */
    synchronized Problem problem() {
        if (problem == null) {
            double[][] z = standardised();
            int d = z.length == 0 ? 0 : z[0].length;
            Problem p = new Problem();
            p.l = z.length;
            p.n = d + 1;
            p.bias = 1.0;
            p.x = new Feature[z.length][];
            for (int i = 0; i < z.length; i++) {
                Feature[] row = new Feature[d + 1];
                for (int j = 0; j < d; j++) {
                    row[j] = new FeatureNode(j + 1, z[i][j]);
                }
                row[d] = new FeatureNode(d + 1, 1.0); // liblinear expects the bias feature appended by the caller
                p.x[i] = row;
            }
            problem = p;
        }
        return problem;
    }

    /** The standardised rows as an n x d native matrix of {@code type} (read-only for callers). */
    synchronized INDArray nativeRows(DataType type) {
        if (nativeRows == null || nativeType != type) {
            nativeRows = Nd4j.create(standardizer().applyFloat(rows.features())).castTo(type);
            nativeType = type;
        }
        return nativeRows;
    }
}
