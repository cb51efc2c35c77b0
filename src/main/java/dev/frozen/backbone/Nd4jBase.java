package dev.frozen.backbone;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The frozen VGG16 base on libnd4j's conv2d and max-pooling ops, cut after any layer,
 * in channels-last (NHWC) layout, so outputs flatten in Keras's row, column, channel order. Immutable after
 * construction; not thread-safe (ND4J workspaces are per thread).
 */
public final class Nd4jBase extends CutBase {
    private final List<INDArray> kernels = new ArrayList<>();
    private final List<INDArray> biases = new ArrayList<>();
    private final List<String> convNames = new ArrayList<>();

    private static final Conv2DConfig CONV = Conv2DConfig.builder()
            .kH(3).kW(3).sH(1).sW(1).dH(1).dW(1)
            .paddingMode(PaddingMode.SAME)
            .dataFormat(Conv2DConfig.NHWC)
            .weightsFormat(WeightsFormat.YXIO)
            .build();
    private static final Pooling2DConfig POOL = Pooling2DConfig.builder()
            .kH(2).kW(2).sH(2).sW(2).paddingMode(PaddingMode.VALID).isNHWC(true).build();

    public Nd4jBase(Vgg16Weights weights, String layer) {
        this(weights, List.of(layer));
    }

    /** The base cut at the deepest of {@code layers}, returning the shallower ones too ({@link #forwardAll}). */
    public Nd4jBase(Vgg16Weights weights, List<String> layers) {
        super(layers);
        for (Vgg16.Conv c : Vgg16.convsUpTo(layer)) {
            ConvWeights w = weights.get(c.name());
            kernels.add(Nd4j.create(w.kernel(), new long[] {3, 3, c.in(), c.out()}, DataType.FLOAT));
            biases.add(Nd4j.create(w.bias(), new long[] {c.out()}, DataType.FLOAT));
            convNames.add(c.name());
        }
    }

    @Override
    public float[][] forwardAll(float[] images, int count, int size) {
        INDArray x = Nd4j.create(images, new long[] {count, size, size, 3}, DataType.FLOAT);
        List<float[]> out = new ArrayList<>();
        INDArray h = run(x, out);
        out.add(h.dup('c').data().asFloat());
        h.close();
        x.close();
        return out.toArray(new float[0][]);
    }

    /** NHWC in, NHWC activations of the cut layer out. */
    public INDArray forward(INDArray x) {
        return run(x, new ArrayList<>());
    }

    /** Runs the network on {@code x}, adding a copy of each shallower requested layer's activations to {@code taps}. */
    private INDArray run(INDArray x, List<float[]> taps) {
        INDArray h = x;
        for (int i = 0; i < kernels.size(); i++) {
            h = replace(h, Nd4j.cnn().conv2d(h, kernels.get(i), biases.get(i), CONV), x);
            Transforms.relu(h, false);
            tap(convNames.get(i), h, taps);
            if (Vgg16.poolsAfter(layer, i)) {
                h = replace(h, Nd4j.cnn().maxPooling2d(h, POOL), x);
                tap("block" + convNames.get(i).charAt(5) + "_pool", h, taps);
            }
        }
        return h;
    }

    private void tap(String name, INDArray h, List<float[]> taps) {
        if (!name.equals(layer) && layers.contains(name)) {
            taps.add(h.dup('c').data().asFloat());
        }
    }

    /**
     * Frees an intermediate activation as soon as the next one exists: left to the garbage collector, the
     * off-heap buffers pile up to several GB over an extraction.
     */
    private static INDArray replace(INDArray old, INDArray next, INDArray input) {
        if (old != input && old.closeable()) {
            old.close();
        }
        return next;
    }
}
