package dev.frozen.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.backbone.Precision;
import dev.frozen.backbone.Vgg16;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bf16 step of the oneDNN blocks against the fp32 path on the same kernels and rows: outputs, every kernel and
 * bias gradient, and the gradient at the input rows, each within a bound derived from bf16 rounding.
 *
 * <p>The bound. bf16 keeps 8 significant bits, so rounding a value costs at most u = 2^-8 of it (relative; half
 * that when rounding to nearest). A convolution whose two operands are rounded to bf16 and whose f32 sum is rounded
 * again on output is off by at most 2u + u per product term, plus the f32 accumulation's R * 2^-24 over a
 * reduction of length R (R = 9 * input channels forward, 9 * output channels backward-data, rows * h * w for
 * kernel gradients): here R is at most 4,608, so that term is below 3e-4 and both paths share it. Errors compound
 * through the D convolutions a value passes on its way (forward to the loss, then backward to the gradient), so
 * the normwise relative error ||bf16 - fp32|| / ||fp32|| is bounded by 3u per convolution passed, D * 3 * 2^-8,
 * to first order; normwise because an entry that is a cancelling sum has no relative accuracy in fp32 either.
 *
 * <p>The bound covers rounding only. Where rounding moves a ReLU input across zero or reorders the two largest
 * values of a pooling window, that entry's gradient goes to another place (an equally valid subgradient, not a
 * rounding error): on random signed kernels about 10% of the gradient's norm, in either precision's favour. So
 * the rows and kernels here keep every ReLU input positive and every pooling maximum 5% ahead of the runner-up
 * (see {@link #centreHeavy} and {@link #ramp}); the output gradient stays random and signed, so the kernel
 * gradients are cancelling sums.
 */
class Bf16BlocksTest {
    private static final double U = Math.pow(2, -8);

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void bf16GradientsAgreeWithFp32WithinTheRoundingBound(int k) {
        Assumptions.assumeTrue(Precision.nativeBf16(Precision.cpuFlags()), "needs a CPU with native bf16");
        int firstBlock = Vgg16.BLOCKS + 1 - k;
        int side = 32 >> (firstBlock - 1); // the cached pool layer's side at 32 px
        int n = 8;
        Random r = new Random(7);
        List<float[]> kernels = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        int convs = 0;
        for (int b = firstBlock; b <= Vgg16.BLOCKS; b++) {
            for (Vgg16.Conv c : Vgg16.convsOfBlock(b)) {
                kernels.add(centreHeavy(r, c.in(), c.out()));
                biases.add(gaussian(r, c.out(), 0.01));
                convs++;
            }
        }
        int inC = Vgg16.convsOfBlock(firstBlock).get(0).in();
        float[] x = new float[n * side * side * inC];
        for (int i = 0; i < x.length; i++) {
            int pixel = (i / inC) % (side * side);
            x[i] = (float) (1 + 0.25 * ramp(pixel / side, pixel % side) + 0.05 * r.nextFloat());
        }
        try (OneDnnBlocks fp32 = new OneDnnBlocks(firstBlock, firstBlock, side, kernels, biases, false, Precision.FP32);
                OneDnnBlocks bf16 = new OneDnnBlocks(firstBlock, firstBlock, side, kernels, biases, true,
                        Precision.BF16)) {
            fp32.keepInputGradient();
            bf16.keepInputGradient();
            float[] out32 = fp32.forward(x, n);
            float[] out16 = bf16.forward(x, n);
            float[] diff = gaussian(r, out32.length, 1.0 / n);
            fp32.backward(diff, n);
            bf16.backward(diff, n);

            // Forward: a value at the output passed every convolution once.
            check("output", out16, out32, convs * 3 * U, true);
            for (int i = 0; i < convs; i++) {
                // Kernel i's gradient: its input passed i convolutions, the output's gradient convs - 1 - i backward.
                double bound = convs * 3 * U;
                check(fp32.conv(i).name() + " kernel gradient", bf16.kernelGradient(i), fp32.kernelGradient(i), bound,
                        true);
                check(fp32.conv(i).name() + " bias gradient", bf16.biasGradient(i), fp32.biasGradient(i), bound, false);
            }
            check("input gradient", bf16.inputGradient(n), fp32.inputGradient(n), 2 * convs * 3 * U, true);
            // Every convolution, matmul, pooling and ReLU step runs a bf16 kernel (named for avx512_core_bf16, or
            // for AMX); kernel gradients on small maps also have a Java im2col step.
            for (String step : bf16.describe(n)) {
                if (step.startsWith("block") && !step.contains("_im2col=")) {
                    assertTrue(step.contains("bf16") || step.contains("amx"), "a bf16 kernel runs " + step);
                }
            }
        }
    }

    /** Asserts the normwise relative error is within {@code bound} and, where {@code rounded}, not zero. */
    private static void check(String what, float[] bf16, float[] fp32, double bound, boolean rounded) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < fp32.length; i++) {
            double d = bf16[i] - fp32[i];
            num += d * d;
            den += (double) fp32[i] * fp32[i];
        }
        double rel = Math.sqrt(num / den);
        System.out.printf(Locale.ROOT, "%s: relative error %.2e (bound %.2e)%n", what, rel, bound);
        assertTrue(den > 0, what + " is all zeros");
        assertTrue(rel <= bound, what + ": relative error " + rel + " above the bf16 bound " + bound);
        if (rounded) {
            // bf16 really ran: exact f32 arithmetic would agree to about 1e-6.
            assertTrue(rel > U / 64, what + ": relative error " + rel + " is too small for bf16");
        }
    }

    /**
     * Kernels with a positive centre tap near 1/in and small positive other taps: with positive inputs no ReLU input
     * is near zero, and each output keeps its input's place in {@link #ramp}, so no pooling window has a near tie.
     */
    private static float[] centreHeavy(Random r, int in, int out) {
        float[] k = new float[9 * in * out]; // [out, in, 3, 3]
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) ((i % 9 == 4 ? 0.5 + r.nextDouble() : 0.05 * r.nextDouble()) / in);
        }
        return k;
    }

    /**
     * A pixel's rank 0..15: its place inside its 2x2 pooling window, plus four times its window's place in the next
     * 2x2 window up, so the maxima of both pooling levels lead their runners-up by at least 5% (1 + 0.25 * 15).
     */
    private static int ramp(int h, int w) {
        return (h % 2) * 2 + (w % 2) + 4 * (((h / 2) % 2) * 2 + (w / 2) % 2);
    }

    private static float[] gaussian(Random r, int n, double sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * sd);
        }
        return v;
    }
}
