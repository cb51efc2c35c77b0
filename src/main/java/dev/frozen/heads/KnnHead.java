package dev.frozen.heads;

import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.frozen.DataError;
import dev.frozen.IoErrors;
import dev.frozen.features.FeatureSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;

/**
 * k-nearest neighbours over the standardised training rows (L2-normalised for cosine): a query's scores are the
 * fractions of its k nearest training rows in each class, so ties go to the lowest class index, as scikit-learn's
 * {@code KNeighborsClassifier} with uniform weights decides them. Saved as {@code head.json} plus the rows in
 * {@code knn_rows.f32} (little-endian float32, SHA-256 in head.json).
 */
public final class KnnHead extends TrainedHead {
    static final String MODEL_TYPE = "knn";
    static final String ROWS_FILE = "knn_rows.f32";
    /** Query rows scored per matrix product: bounds the similarity block to BLOCK x training rows floats. */
    private static final int BLOCK = 256;

    private final Standardizer standardizer;
    private final KnnOptions options;
    private final float[][] rows; // standardised (and normalised for cosine) training rows
    private final int[] labels;
    private FloatPointer native_; // the rows, n x d row-major in native memory, copied on first use
    private float[] halfSquaredNorms; // euclidean only: |t|^2 / 2 per training row

    /** The saved form: the rows file's name, shape and digest, and the labels. */
    record Model(@JsonProperty("rows_file") String rowsFile, @JsonProperty("rows") int rows,
            @JsonProperty("dim") int dim, @JsonProperty("sha256") String sha256, @JsonProperty("labels") int[] labels) {}

    private KnnHead(KnnOptions options, List<String> classNames, Standardizer standardizer, float[][] rows,
            int[] labels) {
        super(KnnKind.KIND, options.params(), classNames, true);
        this.options = options;
        this.standardizer = standardizer;
        this.rows = rows;
        this.labels = labels;
    }

    /** "Training" keeps the prepared rows; k must not exceed them, or every query would vote with all rows. */
    static KnnHead train(KnnOptions o, SharedRows train) {
        FeatureSet set = train.rows();
        if (o.k() > set.size()) {
            throw new DataError("expected k <= the " + set.size() + " training rows, found k=" + o.k()
                    + "; choose a smaller k");
        }
        Standardizer s = train.standardizer();
        return new KnnHead(o, set.classNames(), s, prepare(o, s.applyFloat(set.features())), set.labels().clone());
    }

    private static float[][] prepare(KnnOptions o, float[][] z) {
        if (o.metric() == KnnOptions.Metric.COSINE) {
            for (float[] row : z) {
                double norm = 0;
                for (float v : row) {
                    norm += (double) v * v;
                }
                if (norm > 0) {
                    float inv = (float) (1 / Math.sqrt(norm));
                    for (int j = 0; j < row.length; j++) {
                        row[j] *= inv;
                    }
                }
            }
        }
        return z;
    }

    @Override
    public double[][] scores(float[][] features) {
        int n = rows.length;
        int k = options.k();
        int classes = classNames().size();
        double[][] out = new double[features.length][];
        if (features.length == 0) {
            return out;
        }
        float[][] queries = prepare(options, standardizer.applyFloat(features));
        FloatPointer t = trainingMatrix();
        int d = standardizer.dim();
        int blockRows = Math.min(BLOCK, queries.length);
        float[] sim = new float[blockRows * n];
        float[] q = new float[blockRows * d];
        try (FloatPointer qp = new FloatPointer((long) blockRows * d);
                FloatPointer sp = new FloatPointer((long) blockRows * n)) {
            for (int start = 0; start < queries.length; start += BLOCK) {
                int b = Math.min(BLOCK, queries.length - start);
                for (int i = 0; i < b; i++) {
                    System.arraycopy(queries[start + i], 0, q, i * d, d);
                }
                qp.position(0).put(q, 0, b * d);
                // Similarity by one matrix product through oneDNN's sgemm (ND4J's products ran several times slower on
                // these shapes): cosine is q.t on unit rows; euclidean ranks by q.t - |t|^2/2, which orders rows as
                // -|q - t|^2 does (|q|^2 is the same for every training row).
                int status = dnnl_sgemm((byte) 'N', (byte) 'T', b, n, d, 1f, qp.position(0), d, t, d, 0f,
                        sp.position(0), n);
                if (status != dnnl_success) {
                    throw new IllegalStateException("oneDNN sgemm failed with status " + status);
                }
                sp.position(0).get(sim, 0, b * n);
                int[] top = new int[k];
                float[] topSim = new float[k];
                for (int i = 0; i < b; i++) {
                    int off = i * n;
                    if (halfSquaredNorms != null) {
                        for (int j = 0; j < n; j++) {
                            sim[off + j] -= halfSquaredNorms[j];
                        }
                    }
                    nearest(sim, off, n, top, topSim);
                    double[] votes = new double[classes];
                    for (int j = 0; j < k; j++) {
                        votes[labels[top[j]]] += 1.0 / k;
                    }
                    out[start + i] = votes;
                }
            }
        }
        return out;
    }

    /**
     * The k largest of {@code sim[off .. off+n)} into {@code top} (indices) by insertion into a sorted list: k is small
     * against n, and a candidate below the current k-th is rejected with one comparison. Equal values keep the lower
     * training index, so results do not depend on anything but the rows.
     */
    static void nearest(float[] sim, int off, int n, int[] top, float[] topSim) {
        int k = top.length;
        int filled = 0;
        for (int j = 0; j < n; j++) {
            float v = sim[off + j];
            if (filled == k && !(v > topSim[k - 1])) {
                continue;
            }
            int pos = filled < k ? filled++ : k - 1;
            while (pos > 0 && v > topSim[pos - 1]) {
                topSim[pos] = topSim[pos - 1];
                top[pos] = top[pos - 1];
                pos--;
            }
            topSim[pos] = v;
            top[pos] = j;
        }
    }

    private synchronized FloatPointer trainingMatrix() {
        if (native_ == null) {
            int d = standardizer.dim();
            native_ = new FloatPointer((long) rows.length * d);
            for (int i = 0; i < rows.length; i++) {
                native_.position((long) i * d).put(rows[i], 0, d);
            }
            native_.position(0);
            if (options.metric() == KnnOptions.Metric.EUCLIDEAN) {
                halfSquaredNorms = new float[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    double s = 0;
                    for (float v : rows[i]) {
                        s += (double) v * v;
                    }
                    halfSquaredNorms[i] = (float) (s / 2);
                }
            }
        }
        return native_;
    }

    /** An exact TopK graph is possible, but it would hold every training row: the model as big as the training set. */
    @Override
    public String notExportable() {
        return "a k-nearest-neighbours vote needs the stored training rows, which ONNX export does not write";
    }

    @Override
    public void save(Path dir) {
        int dim = standardizer.dim();
        String sha;
        try {
            Files.createDirectories(dir);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(
                    new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve(ROWS_FILE)), 1 << 16), md)) {
                ByteBuffer buf = ByteBuffer.allocate(dim * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float[] row : rows) {
                    buf.clear();
                    buf.asFloatBuffer().put(row);
                    out.write(buf.array());
                }
            }
            sha = HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DataError("cannot write model to " + dir + ": " + IoErrors.describe(e), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        HeadFile.write(dir, KnnKind.KIND, MODEL_TYPE, options.params(), classNames(), standardizer,
                new Model(ROWS_FILE, rows.length, dim, sha, labels));
    }

    static KnnHead load(Path dir, HeadFile file) {
        Model m = file.model(Model.class);
        if (m.rowsFile() == null || !m.rowsFile().equals(Path.of(m.rowsFile()).getFileName().toString())
                || m.rowsFile().equals("..")) {
            throw new DataError("expected a plain file name for rows_file in " + dir.resolve(HeadFile.NAME)
                    + ", found '" + m.rowsFile() + "'");
        }
        Path path = dir.resolve(m.rowsFile());
        float[][] rows = new float[m.rows()][m.dim()];
        try (InputStream in = new DigestInputStream(
                new java.io.BufferedInputStream(Files.newInputStream(path), 1 << 16), MessageDigest.getInstance("SHA-256"))) {
            byte[] bytes = new byte[m.dim() * 4];
            for (float[] row : rows) {
                if (in.readNBytes(bytes, 0, bytes.length) != bytes.length) {
                    throw new DataError("expected " + m.rows() + " rows of " + m.dim() + " floats in " + path
                            + ", found fewer (the file ends early)");
                }
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(row);
            }
            if (in.read() != -1) {
                throw new DataError("expected " + m.rows() + " rows of " + m.dim() + " floats in " + path
                        + ", found more bytes");
            }
            String sha = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            if (!sha.equals(m.sha256())) {
                throw new DataError("expected SHA-256 " + m.sha256() + " for " + path + ", found " + sha
                        + "; the run's model was changed or damaged: fit it again");
            }
        } catch (IOException e) {
            throw new DataError("cannot read " + path + ": " + IoErrors.describe(e), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (m.labels() == null || m.labels().length != m.rows()) {
            throw new DataError("expected " + m.rows() + " labels in " + dir.resolve(HeadFile.NAME) + ", found "
                    + (m.labels() == null ? 0 : m.labels().length));
        }
        KnnOptions o = KnnOptions.of(stringParams(file.params()));
        return new KnnHead(o, file.classNames(), file.standardizer(), rows, m.labels());
    }

    private static Map<String, String> stringParams(Map<String, Object> params) {
        Map<String, String> m = new LinkedHashMap<>();
        params.forEach((key, v) -> m.put(key, String.valueOf(v)));
        return m;
    }
}
