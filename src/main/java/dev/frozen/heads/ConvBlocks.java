package dev.frozen.heads;

import dev.frozen.backbone.ConvWeights;
import dev.frozen.backbone.Vgg16;
import dev.frozen.backbone.Vgg16Weights;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * VGG16's blocks above a cached pool layer as DL4J layers on channels-last (NHWC) input: per block its 3x3
 * "same" convolutions with ReLU, then 2x2/2 "valid" max pooling. Blocks below {@code firstTrainable} are
 * wrapped in {@link FrozenLayer}; all convolutions take their initial values from the VGG16 weights.
 */
final class ConvBlocks {
    private ConvBlocks() {}

    /** Adds blocks {@code firstBlock..5} from layer index {@code index}; returns the next free index. */
    static int add(NeuralNetConfiguration.ListBuilder list, int index, int firstBlock, int firstTrainable) {
        for (int b = firstBlock; b <= Vgg16.BLOCKS; b++) {
            boolean frozen = b < firstTrainable;
            for (Vgg16.Conv c : Vgg16.convsOfBlock(b)) {
                list.layer(index++, frozen(frozen, new ConvolutionLayer.Builder(3, 3)
                        .stride(1, 1)
                        .convolutionMode(ConvolutionMode.Same)
                        .dataFormat(CNN2DFormat.NHWC)
                        .nIn(c.in()).nOut(c.out())
                        .activation(Activation.RELU)
                        .build()));
            }
            // Frozen pooling too: DL4J stops backpropagating at the first frozen layer from the top, so
            // nothing below the trainable blocks computes gradients that would be thrown away.
            list.layer(index++, frozen(frozen, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                    .kernelSize(2, 2).stride(2, 2)
                    .convolutionMode(ConvolutionMode.Truncate) // Keras "valid": odd sizes floor
                    .dataFormat(CNN2DFormat.NHWC)
                    .build()));
        }
        return index;
    }

    /** Number of layers {@link #add} creates for blocks {@code firstBlock..5}. */
    static int layerCount(int firstBlock) {
        int n = 0;
        for (int b = firstBlock; b <= Vgg16.BLOCKS; b++) {
            n += Vgg16.convsOfBlock(b).size() + 1;
        }
        return n;
    }

    /**
     * Copies the VGG16 kernels and biases into the network's first layers, built by {@link #add} from index 0.
     * Keras stores a kernel as (kh, kw, in, out); DL4J's convolution parameter "W" is [out, in, kh, kw] for
     * NHWC layers too, so the kernel is permuted, not reshaped.
     */
    static void load(MultiLayerNetwork net, int firstBlock, Vgg16Weights weights) {
        load(net, firstBlock, weights, Vgg16.BLOCKS + 1);
    }

    /**
     * The same, but blocks from {@code firstKept} up keep the network's own seeded Glorot-uniform initialisation
     * (zero biases): the reinit control, which asks what the pretrained values of the trainable blocks are worth.
     */
    static void load(MultiLayerNetwork net, int firstBlock, Vgg16Weights weights, int firstKept) {
        int index = 0;
        for (int b = firstBlock; b <= Vgg16.BLOCKS; b++) {
            for (Vgg16.Conv c : Vgg16.convsOfBlock(b)) {
                if (b >= firstKept) {
                    index++;
                    continue;
                }
                ConvWeights w = weights.get(c.name());
                INDArray keras = Nd4j.create(w.kernel(), new long[] {3, 3, c.in(), c.out()}, DataType.FLOAT);
                set(net, index, "W", keras.permute(3, 2, 0, 1));
                set(net, index, "b", Nd4j.create(w.bias(), new long[] {c.out()}, DataType.FLOAT));
                index++;
            }
            index++; // the pooling layer has no parameters
        }
    }

    private static void set(MultiLayerNetwork net, int layer, String key, INDArray value) {
        INDArray param = net.getLayer(layer).getParam(key);
        if (!java.util.Arrays.equals(param.shape(), value.shape())) {
            throw new IllegalStateException("layer " + layer + " parameter " + key + " has shape "
                    + java.util.Arrays.toString(param.shape()) + ", expected " + java.util.Arrays.toString(value.shape()));
        }
        param.assign(value); // writes through to the network's flattened parameter view
    }

    private static Layer frozen(boolean frozen, Layer layer) {
        return frozen ? new FrozenLayer(layer) : layer;
    }
}
