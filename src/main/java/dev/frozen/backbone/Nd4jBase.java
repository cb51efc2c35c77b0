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
 * The frozen VGG16 base on libnd4j's conv2d and max-pooling ops
 * in channels-last (NHWC) layout, so outputs flatten in Keras's row, column, channel order. Immutable after
 * construction; not thread-safe (ND4J workspaces are per thread).
 */
public final class Nd4jBase implements FrozenBase {
    private final String layer;
    private final int lastBlock;
    private final List<INDArray> kernels = new ArrayList<>();
    private final List<INDArray> biases = new ArrayList<>();
    private final List<Integer> blockOfConv = new ArrayList<>();

    private static final Conv2DConfig CONV = Conv2DConfig.builder()
            .kH(3).kW(3).sH(1).sW(1).dH(1).dW(1)
            .paddingMode(PaddingMode.SAME)
            .dataFormat(Conv2DConfig.NHWC)
            .weightsFormat(WeightsFormat.YXIO)
            .build();
    private static final Pooling2DConfig POOL = Pooling2DConfig.builder()
            .kH(2).kW(2).sH(2).sW(2).paddingMode(PaddingMode.VALID).isNHWC(true).build();

    public Nd4jBase(Vgg16Weights weights, String layer) {
        this.layer = layer;
        this.lastBlock = Vgg16.blockOf(layer);
        for (Vgg16.Conv c : Vgg16.CONVS) {
            if (c.block() > lastBlock) {
                break;
            }
            ConvWeights w = weights.get(c.name());
            kernels.add(Nd4j.create(w.kernel(), new long[] {3, 3, c.in(), c.out()}, DataType.FLOAT));
            biases.add(Nd4j.create(w.bias(), new long[] {c.out()}, DataType.FLOAT));
            blockOfConv.add(c.block());
        }
    }

    @Override
    public String layer() {
        return layer;
    }

    @Override
    public float[] forward(float[] images, int count, int size) {
        INDArray x = Nd4j.create(images, new long[] {count, size, size, 3}, DataType.FLOAT);
        INDArray h = forward(x);
        float[] out = h.dup('c').data().asFloat();
        h.close();
        x.close();
        return out;
    }

    /** NHWC in, NHWC pool-layer activations out. */
    public INDArray forward(INDArray x) {
        INDArray h = x;
        for (int i = 0; i < kernels.size(); i++) {
            h = replace(h, Nd4j.cnn().conv2d(h, kernels.get(i), biases.get(i), CONV), x);
            Transforms.relu(h, false);
            boolean lastInBlock = i + 1 == kernels.size() || !blockOfConv.get(i + 1).equals(blockOfConv.get(i));
            if (lastInBlock) {
                h = replace(h, Nd4j.cnn().maxPooling2d(h, POOL), x);
            }
        }
        return h;
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
