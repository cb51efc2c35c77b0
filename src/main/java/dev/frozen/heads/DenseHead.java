package dev.frozen.heads;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.frozen.DataError;
import dev.frozen.backbone.Vgg16;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained Deeplearning4j {@link MultiLayerNetwork} head: hidden Dense(relu) layers, each followed by dropout, then
 * a softmax output, optionally behind VGG16's last convolutional blocks (see {@link DenseOptions#trainableBlocks()}).
 * It only predicts, saves and loads: {@link DenseTrainer} trains it, {@link DenseNetworks} builds its network. Scores
 * are class probabilities. Saved as {@code head.json} plus {@code network.zip}.
 */
public final class DenseHead extends TrainedHead {
    /** The {@code model_type} in head.json. */
    static final String MODEL_TYPE = "dense_network";
    static final String NETWORK_FILE = "network.zip";

    /** Rows per forward pass when predicting through convolution blocks, which need memory per row. */
    private static final int PREDICT_CHUNK = 256;

    private final Standardizer standardizer; // null with convolution blocks: they read raw activations
    private final List<Integer> inputShape; // [h, w, c] with convolution blocks, null for flat input
    private final MultiLayerNetwork net;
    private List<Map<String, Object>> epochLog; // set by the trainer; null when loaded from disk

    /** The saved form: where the network lives, and the [h, w, c] input shape when it has convolution blocks. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Model(@JsonProperty("network") String network, @JsonProperty("input_shape") List<Integer> inputShape) {}

    DenseHead(Map<String, Object> params, List<String> classNames, Standardizer standardizer,
            List<Integer> inputShape, MultiLayerNetwork net) {
        super(DenseKind.KIND, params, classNames, true);
        this.standardizer = standardizer;
        this.inputShape = inputShape == null ? null : List.copyOf(inputShape);
        this.net = net;
    }

    /** Records what each training epoch reported (see {@link Head#epochLog()}); returns this head. */
    DenseHead withEpochLog(List<Map<String, Object>> log) {
        this.epochLog = log == null ? null : List.copyOf(log);
        return this;
    }

    @Override
    public List<Map<String, Object>> epochLog() {
        return epochLog;
    }

    /** The shape of a batch of {@code n} rows: [n, d] for flat input, [n, h, w, c] with convolution blocks. */
    static long[] batchShape(int n, int d, List<Integer> inputShape) {
        return inputShape == null ? new long[] {n, d}
                : new long[] {n, inputShape.get(0), inputShape.get(1), inputShape.get(2)};
    }

    /** Inference on raw rows through convolution blocks, a chunk at a time to bound activation memory. */
    static INDArray output(MultiLayerNetwork net, float[][] rows, List<Integer> inputShape) {
        int d = rows[0].length;
        return inChunks(rows, PREDICT_CHUNK,
                (xb, n) -> net.output(Nd4j.create(xb, batchShape(n, d, inputShape), 'c'), false));
    }

    /** One pass over {@code n} rows laid out one after another in {@code flat}. */
    interface Pass {
        INDArray apply(float[] flat, int n);
    }

    /** {@code pass} over at most {@code chunk} rows at a time, its outputs stacked in row order. */
    static INDArray inChunks(float[][] rows, int chunk, Pass pass) {
        int d = rows[0].length;
        INDArray[] parts = new INDArray[(rows.length + chunk - 1) / chunk];
        for (int p = 0; p < parts.length; p++) {
            int start = p * chunk;
            int end = Math.min(rows.length, start + chunk);
            float[] xb = new float[(end - start) * d];
            for (int r = start; r < end; r++) {
                System.arraycopy(rows[r], 0, xb, (r - start) * d, d);
            }
            parts[p] = pass.apply(xb, end - start);
        }
        return Nd4j.vstack(parts);
    }

    static DenseHead load(Path dir, HeadFile file) {
        Model m = file.model(Model.class);
        try {
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(m.network()).toFile(), false);
            return new DenseHead(file.params(), file.classNames(), file.standardizer(), m.inputShape(), net);
        } catch (IOException e) {
            throw new DataError("cannot read network " + dir.resolve(m.network()) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public double[][] scores(float[][] features) {
        if (features.length == 0) {
            return new double[0][];
        }
        if (inputShape != null && features[0].length != inputShape.get(0) * inputShape.get(1) * inputShape.get(2)) {
            throw new DataError("feature rows have " + features[0].length + " values but the model expects "
                    + inputShape + " activations");
        }
        INDArray out;
        if (inputShape == null) {
            out = net.output(Nd4j.create(standardizer.applyFloat(features)), false);
        } else if (FastFineTune.enabled()) {
            // The convolution blocks through oneDNN, as in training: DL4J's own layers are about 7x slower.
            try (FastFineTune ft = new FastFineTune(net, cachedBlock(inputShape) + 1, trainableBlocks(), inputShape)) {
                out = ft.output(features, PREDICT_CHUNK);
            }
        } else {
            out = output(net, features, inputShape);
        }
        return out.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    @Override
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            ModelSerializer.writeModel(net, dir.resolve(NETWORK_FILE).toFile(), false);
        } catch (IOException e) {
            throw new DataError("cannot write network to " + dir + ": " + e.getMessage(), e);
        }
        HeadFile.write(dir, DenseKind.KIND, MODEL_TYPE, params(), classNames(), standardizer, new Model(NETWORK_FILE, inputShape));
    }

    /** The VGG16 block whose pool layer the rows are, from its channel count (block 5's output has no blocks above). */
    private static int cachedBlock(List<Integer> shape) {
        return switch (shape.get(2)) {
            case 3 -> 0; // the preprocessed images (layer input): all five blocks above them
            case 64 -> 1;
            case 128 -> 2;
            case 256 -> 3;
            case 512 -> 4;
            default -> throw new DataError("a network over " + shape + " activations is not over a VGG16 pool layer");
        };
    }

    private int trainableBlocks() {
        return params().get("trainable_blocks") instanceof Number k ? k.intValue() : Vgg16.BLOCKS - cachedBlock(inputShape);
    }

    /** What one inference step of the network computes; dropout layers (identity at inference) are left out. */
    public enum LayerType { CONV3X3_RELU, MAXPOOL2X2, DENSE_RELU, DENSE_SOFTMAX }

    /**
     * One inference step with its parameters, row-major: a convolution's kernel is [out, in, 3, 3] ("same" padding,
     * stride 1), a dense layer's matrix [in, out] (y = x W + b); pooling has none (empty arrays).
     */
    public record Layer(LayerType type, long[] weightShape, float[] weights, float[] bias) {}

    /** The standardisation applied to flat rows, or null when the network starts with convolution blocks. */
    public Standardizer standardizer() {
        return standardizer;
    }

    /** The [h, w, c] (channels-last) input of the convolution blocks, or null for flat input. */
    public List<Integer> inputShape() {
        return inputShape;
    }

    /**
     * The network as a list of inference steps, for exporters. Fails on a layer this head never builds, so an
     * exporter cannot silently drop one.
     */
    public List<Layer> layers() {
        List<Layer> out = new java.util.ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = net.getLayerWiseConfigurations().getConf(i).getLayer();
            if (conf instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayer frozen) {
                conf = frozen.getLayer();
            }
            if (conf instanceof org.deeplearning4j.nn.conf.layers.DropoutLayer) {
                continue;
            }
            if (conf instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer pool
                    && pool.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX
                    && java.util.Arrays.equals(pool.getKernelSize(), new int[] {2, 2})
                    && java.util.Arrays.equals(pool.getStride(), new int[] {2, 2})) {
                out.add(new Layer(LayerType.MAXPOOL2X2, new long[0], new float[0], new float[0]));
                continue;
            }
            LayerType type = null;
            if (conf instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer c
                    && java.util.Arrays.equals(c.getKernelSize(), new int[] {3, 3})
                    && java.util.Arrays.equals(c.getStride(), new int[] {1, 1})
                    && c.getConvolutionMode() == org.deeplearning4j.nn.conf.ConvolutionMode.Same
                    && c.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationReLU) {
                type = LayerType.CONV3X3_RELU;
            } else if (conf instanceof org.deeplearning4j.nn.conf.layers.OutputLayer o
                    && o.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationSoftmax) {
                type = LayerType.DENSE_SOFTMAX;
            } else if (conf instanceof org.deeplearning4j.nn.conf.layers.DenseLayer d
                    && d.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationReLU) {
                type = LayerType.DENSE_RELU;
            }
            if (type == null) {
                throw new DataError("layer " + i + " of the dense network (" + conf.getClass().getSimpleName()
                        + ") is not one this head builds (3x3 relu convolution, 2x2 max pooling, relu dense, softmax output)");
            }
            INDArray w = net.getLayer(i).getParam("W");
            out.add(new Layer(type, w.shape(), w.dup('c').data().asFloat(), net.getLayer(i).getParam("b").dup('c').data().asFloat()));
        }
        return out;
    }

    /** The network's current parameters, flattened (tests compare them across runs). */
    public INDArray parameters() {
        return net.params().dup();
    }

    /** The underlying network (tests inspect layer parameters and activations). */
    MultiLayerNetwork network() {
        return net;
    }
}
