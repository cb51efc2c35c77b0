package dev.frozen.heads;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import smile.math.DifferentiableMultivariateFunction;

/**
 * The multinomial logistic regression objective for Smile's L-BFGS: (summed log-loss of a softmax over all k
 * classes + lambda/2 |w|^2) / n, intercepts not penalised. Parameters are k rows of [weights..., bias], row-major,
 * the layout of {@link LinearHead}; value and gradient come from ND4J matrix products.
 */
final class SoftmaxObjective implements DifferentiableMultivariateFunction {
    private final INDArray x;
    private final int[] labels;
    private final int d;
    private final int k;
    private final double lambda;
    private final DataType type;

    // The last forward pass, for the gradient at the same point.
    private double[] point;
    private double value;
    private double[] residual;
    private double[] biasGradient;

    /**
     * {@code z} are standardised rows, {@code y} labels in [0, k). {@code type} is the precision of the two
     * large products with the rows; the softmax and the sums are always in double.
     */
    SoftmaxObjective(float[][] z, int[] y, int k, double lambda, DataType type) {
        // Copied to the native side once: every evaluation reuses it.
        this(Nd4j.create(z).castTo(type), y, k, lambda, type);
    }

    /** On rows already on the native side ({@code x}, n x d, of {@code type}); {@code x} is only read. */
    SoftmaxObjective(INDArray x, int[] y, int k, double lambda, DataType type) {
        this.d = (int) x.columns();
        this.k = k;
        this.lambda = lambda;
        this.type = type;
        this.x = x;
        this.labels = y.clone();
    }

    /** Number of parameters, k * (d + 1). */
    int size() {
        return k * (d + 1);
    }

    @Override
    public double f(double[] w) {
        forward(w);
        return value;
    }

    /** How many gradients were evaluated: L-BFGS takes at least one per iteration, so fewer than its limit means it stopped early. */
    int gradientCalls;

    @Override
    public double g(double[] w, double[] gradient) {
        gradientCalls++;
        // Smile's line search asks for f at a point and then for g at the same point: reuse that forward pass.
        if (!Arrays.equals(w, point)) {
            forward(w);
        }
        INDArray product = Nd4j.create(type, new long[] {k, d}, 'c');
        Nd4j.gemm(toNative(residual, labels.length, k), x, product, true, false, 1.0, 0.0);
        double[] g = product.data().asDouble();
        double n = labels.length;
        for (int c = 0; c < k; c++) {
            int row = c * (d + 1);
            for (int j = 0; j < d; j++) {
                gradient[row + j] = (g[c * d + j] + lambda * w[row + j]) / n;
            }
            gradient[row + d] = biasGradient[c] / n;
        }
        return value;
    }

    /** Sets value, residual (softmax minus one-hot, n x k) and biasGradient for the parameters w. */
    private void forward(double[] w) {
        int n = labels.length;
        double[] weights = new double[k * d];
        double penalty = 0;
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                double v = w[c * (d + 1) + j];
                weights[c * d + j] = v;
                penalty += v * v;
            }
        }
        INDArray scores = Nd4j.create(type, new long[] {n, k}, 'c');
        Nd4j.gemm(x, toNative(weights, k, d), scores, false, true, 1.0, 0.0);
        double[] s = scores.data().asDouble();

        // The softmax works on n x k numbers only, where plain loops beat ND4J's per-op overhead.
        double loss = 0;
        residual = new double[n * k];
        biasGradient = new double[k];
        for (int i = 0; i < n; i++) {
            int row = i * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                s[row + c] += w[c * (d + 1) + d];
                max = Math.max(max, s[row + c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                residual[row + c] = Math.exp(s[row + c] - max);
                sum += residual[row + c];
            }
            // -log p_y = log(sum exp(s - max)) - (s_y - max): no overflow whatever the scale of the scores.
            loss += Math.log(sum) - (s[row + labels[i]] - max);
            for (int c = 0; c < k; c++) {
                residual[row + c] /= sum;
            }
            residual[row + labels[i]] -= 1;
            for (int c = 0; c < k; c++) {
                biasGradient[c] += residual[row + c];
            }
        }
        // Dividing by n leaves the minimiser alone but keeps Smile's first step (along -g) and its relative
        // stopping test from growing with the row count; summed, 50k rows cost 75 evaluations instead of 33.
        value = (loss + 0.5 * lambda * penalty) / n;
        point = w.clone();
    }

    /** A row-major rows x cols matrix in this objective's precision. */
    private INDArray toNative(double[] v, int rows, int cols) {
        long[] shape = {rows, cols};
        if (type == DataType.FLOAT) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return Nd4j.create(f, shape, 'c');
        }
        return Nd4j.create(v, shape, 'c');
    }
}
