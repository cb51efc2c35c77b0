package dev.frozen.backbone;

import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A 3x3, stride 1, pad 1 convolution on small maps as a few matrix products through oneDNN's sgemm, with no
 * products by the zero padding. Input and output are NHWC; weights are Keras's (kh, kw, in, out) row-major; there
 * is no bias or activation here (the caller adds them). Why: on a 3x3 map, 32 of the 81 (output, tap) pairs of a
 * direct convolution fall on padding, and oneDNN's direct kernels run there at about half their large-map speed;
 * on the 2-core AVX-512 Xeon these products ran 1.7x (3x3 maps), 3.2x (2x2) and 1.1-1.9x (4x4) faster than
 * oneDNN's best direct kernel, at about the same speed on 6x6 maps (see {@link #MAX_SIDE}).
 *
 * <p>Output position p = (py, px) and kernel row ky read input row qy = py + ky - 1; the valid columns qx form one
 * contiguous run, and in NHWC so does their data (one row of A, {@code K = run * in}), as do the matching kernel
 * columns kx in Keras's layout (B). So each (p, ky) is one product of M = batch rows, accumulated into p's
 * output columns: 21 products for a 3x3 map. The first product of each p overwrites (beta 0), so nothing needs
 * clearing first.
 */
public final class SmallMapConv implements Runnable {
    /** The largest map side this is used for; at 6x6 it ran no faster than oneDNN's direct kernels. */
    public static final int MAX_SIDE = 4;

    private record Product(FloatPointer a, FloatPointer b, FloatPointer c, long k, float beta) {}

    private final long batch;
    private final long lda;
    private final long ldc;
    private final long out;
    private final List<Product> products = new ArrayList<>();

    /**
     * Plans the products of one convolution; {@code in}, {@code kernel} and {@code output} must outlive it.
     * {@code in} holds batch x side x side x inChannels floats, {@code output} batch x side x side x outChannels.
     */
    public SmallMapConv(int batch, int side, int inChannels, int outChannels, FloatPointer in, FloatPointer kernel,
            FloatPointer output) {
        if (side < 1 || batch < 1 || inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("need a positive batch, side and channels");
        }
        this.batch = batch;
        this.lda = (long) side * side * inChannels;
        this.ldc = (long) side * side * outChannels;
        this.out = outChannels;
        for (int py = 0; py < side; py++) {
            for (int px = 0; px < side; px++) {
                int qx0 = Math.max(0, px - 1);
                int qx1 = Math.min(side - 1, px + 1);
                int kx0 = qx0 - px + 1;
                boolean first = true;
                for (int ky = 0; ky < 3; ky++) {
                    int qy = py + ky - 1;
                    if (qy < 0 || qy >= side) {
                        continue;
                    }
                    long q0 = (long) qy * side + qx0;
                    products.add(new Product(
                            view(in, q0 * inChannels),
                            view(kernel, (long) (ky * 3 + kx0) * inChannels * outChannels),
                            view(output, ((long) py * side + px) * outChannels),
                            (long) (qx1 - qx0 + 1) * inChannels,
                            first ? 0f : 1f));
                    first = false;
                }
            }
        }
    }

    /** How many matrix products one run makes. */
    int products() {
        return products.size();
    }

    @Override
    public void run() {
        for (Product p : products) {
            int status = dnnl_sgemm((byte) 'N', (byte) 'N', batch, out, p.k, 1f, p.a, lda, p.b, out, p.beta, p.c, ldc);
            if (status != 0) {
                throw new IllegalStateException("oneDNN sgemm failed with status " + status);
            }
        }
    }

    /** A pointer {@code offset} floats past where {@code base} points (its own position included). */
    private static FloatPointer view(FloatPointer base, long offset) {
        return new FloatPointer(base).position(base.position() + offset);
    }
}
