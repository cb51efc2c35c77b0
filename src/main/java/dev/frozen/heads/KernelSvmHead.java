package dev.frozen.heads;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One-vs-rest RBF-kernel SVM: per class, score = b + sum_i w_i exp(-gamma |z - v_i|^2) over its support
 * vectors v_i (standardised). Predicts the class with the largest decision value.
 */
public final class KernelSvmHead extends TrainedHead {
    /** The {@code model_type} in head.json. */
    static final String MODEL_TYPE = "kernel_svm";
    private final Standardizer standardizer;
    private final Model model;

    /** The saved form: the kernel width and one support-vector machine per class. */
    record Model(@JsonProperty("gamma") double gamma, @JsonProperty("machines") List<Machine> machines) {}

    /** One binary machine: support vectors (standardised), their signed weights and the intercept. */
    public record Machine(@JsonProperty("vectors") double[][] vectors, @JsonProperty("weights") double[] weights,
            @JsonProperty("intercept") double intercept) {}

    KernelSvmHead(Map<String, Object> params, List<String> classNames, Standardizer standardizer, Model model) {
        super(SvmKind.KIND, params, classNames, false);
        this.standardizer = standardizer;
        this.model = model;
    }

    static KernelSvmHead load(HeadFile file) {
        return new KernelSvmHead(file.params(), file.classNames(), file.standardizer(), file.model(Model.class));
    }

    /** The standardisation applied before the kernel (exporters rebuild the head from it). */
    public Standardizer standardizer() {
        return standardizer;
    }

    /** The RBF kernel width: k(z, v) = exp(-gamma |z - v|^2). */
    public double gamma() {
        return model.gamma();
    }

    /** One machine per class, in class order; shared, not copied, so callers must not modify the arrays. */
    public List<Machine> machines() {
        return model.machines();
    }

    @Override
    public double[][] scores(float[][] features) {
        double[][] z = standardizer.apply(features);
        double[][] out = new double[z.length][model.machines().size()];
        for (int i = 0; i < z.length; i++) {
            for (int c = 0; c < out[i].length; c++) {
                out[i][c] = score(model.machines().get(c), z[i]);
            }
        }
        return out;
    }

    private double score(Machine m, double[] z) {
        double s = m.intercept();
        for (int v = 0; v < m.vectors().length; v++) {
            double[] sv = m.vectors()[v];
            double dist = 0;
            for (int j = 0; j < z.length; j++) {
                double diff = z[j] - sv[j];
                dist += diff * diff;
            }
            s += m.weights()[v] * Math.exp(-model.gamma() * dist);
        }
        return s;
    }

    @Override
    public void save(Path dir) {
        HeadFile.write(dir, SvmKind.KIND, MODEL_TYPE, params(), classNames(), standardizer, model);
    }
}
