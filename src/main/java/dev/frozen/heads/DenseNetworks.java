package dev.frozen.heads;

import dev.frozen.backbone.Vgg16;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The dense head's Deeplearning4j network configurations, beside {@link ConvBlocks}: the tutorial's top (Dense(relu)
 * layers with dropout, softmax output, Adam, Glorot-uniform init) over flat rows, or over a cached pool layer behind
 * VGG16's blocks above it.
 */
final class DenseNetworks {
    private DenseNetworks() {}

    /** The network configuration for flat input: the dense top alone. */
    static MultiLayerConfiguration network(DenseOptions o, int inputDim, int classes, long seed) {
        NeuralNetConfiguration.ListBuilder list = builder(o, seed);
        denseTop(list, 0, o, classes);
        list.setInputType(InputType.feedForward(inputDim));
        return list.build();
    }

    /**
     * The network configuration over a cached pool layer: VGG16's blocks above it (the last
     * {@code o.trainableBlocks()} trainable, any below those frozen) on NHWC input, then the dense top. DL4J
     * flattens the last NHWC pooling output row, column, channel, as Keras's Flatten does.
     */
    static MultiLayerConfiguration network(DenseOptions o, CachedLayer source, int classes,
            long seed) {
        NeuralNetConfiguration.ListBuilder list = builder(o, seed);
        int next = ConvBlocks.add(list, 0, source.block() + 1, Vgg16.BLOCKS + 1 - o.trainableBlocks());
        denseTop(list, next, o, classes);
        List<Integer> s = source.shape();
        list.setInputType(InputType.convolutional(s.get(0), s.get(1), s.get(2), CNN2DFormat.NHWC));
        return list.build();
    }

    private static NeuralNetConfiguration.ListBuilder builder(DenseOptions o, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(o.lr()))
                .weightInit(WeightInit.XAVIER_UNIFORM) // Keras's glorot_uniform
                .list();
    }

    private static void denseTop(NeuralNetConfiguration.ListBuilder list, int layer, DenseOptions o, int classes) {
        for (int h : o.hidden()) {
            list.layer(layer, layer == 0 ? InputDenseLayer.of(h, Activation.RELU.getActivationFunction())
                    : new DenseLayer.Builder().nOut(h).activation(Activation.RELU).build());
            layer++;
            if (o.dropout() > 0) {
                // DL4J takes the probability of RETAINING an activation; Keras's Dropout(p) drops p.
                list.layer(layer++, new DropoutLayer.Builder(1.0 - o.dropout()).build());
            }
        }
        list.layer(layer, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes).activation(Activation.SOFTMAX).build());
    }
}
