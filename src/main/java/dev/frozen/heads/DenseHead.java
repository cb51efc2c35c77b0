package dev.frozen.heads;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.frozen.DataError;
import dev.frozen.Progress;
import dev.frozen.backbone.Vgg16;
import dev.frozen.features.FeatureSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A Deeplearning4j {@link MultiLayerNetwork} head: hidden Dense(relu) layers, each followed by dropout, then a
 * softmax output trained with cross-entropy, optionally behind VGG16's last convolutional blocks (see
 * {@link DenseOptions#trainableBlocks()}). The network is never trained after construction; scores are class
 * probabilities. Saved as {@code head.json} plus {@code network.zip}.
 */
public final class DenseHead implements Head {
    /** The {@code model_type} in head.json. */
    static final String MODEL_TYPE = "dense_network";
    static final String NETWORK_FILE = "network.zip";

    /** Rows per forward pass when predicting through convolution blocks, which need memory per row. */
    private static final int PREDICT_CHUNK = 256;

    private final Map<String, Object> params;
    private final List<String> classNames;
    private final Standardizer standardizer; // null with convolution blocks: they read raw activations
    private final List<Integer> inputShape; // [h, w, c] with convolution blocks, null for flat input
    private final MultiLayerNetwork net;

    /** The saved form: where the network lives, and the [h, w, c] input shape when it has convolution blocks. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Model(@JsonProperty("network") String network, @JsonProperty("input_shape") List<Integer> inputShape) {}

    private DenseHead(Map<String, Object> params, List<String> classNames, Standardizer standardizer,
            List<Integer> inputShape, MultiLayerNetwork net) {
        this.params = new LinkedHashMap<>(params);
        this.classNames = List.copyOf(classNames);
        this.standardizer = standardizer;
        this.inputShape = inputShape == null ? null : List.copyOf(inputShape);
        this.net = net;
    }

    /**
     * Trains for {@code o.epochs()} epochs on shuffled mini-batches. With a non-empty validation set the
     * parameters of the epoch with the best validation accuracy are kept (first such epoch on ties).
     * {@code source} says which layer the rows are and which weights made them; it is required (and its
     * weights loaded) only when {@code o.trainableBlocks() > 0}.
     */
    static DenseHead train(DenseOptions o, FeatureSet train, FeatureSet val, long seed, CachedLayer source,
            PrintStream log) {
        if (o.trainableBlocks() > 0) {
            if (source == null) {
                throw new dev.frozen.UsageError("--trainable-blocks needs a feature entry from 'frozen extract' "
                        + "(its layer and weights), not bare feature rows");
            }
            source.requireBelowTrainable(o.trainableBlocks());
            if (train.dim() != source.dim()) {
                throw new DataError("entry " + source.entry() + " declares " + source.layer() + " of shape "
                        + source.shape() + " (" + source.dim() + " values) but its rows have " + train.dim());
            }
        }
        // Convolutions are big enough ops to gain from ND4J's own threads; the dense top alone is not.
        int threads = o.trainableBlocks() > 0 && !threadsFromEnvironment()
                ? Nd4j.getEnvironment().maxThreads() : trainingThreads();
        int maxThreads = Nd4j.getEnvironment().maxThreads();
        int masterThreads = Nd4j.getEnvironment().maxMasterThreads();
        int blasThreads = Nd4j.factory().blas().getMaxThreads();
        setThreads(threads, threads, threads);
        try {
            return trainWithCurrentThreads(o, train, val, seed, source, log);
        } finally {
            setThreads(maxThreads, masterThreads, blasThreads);
        }
    }

    /**
     * Threads for ND4J while training a head: {@code FROZEN_DENSE_THREADS}, else 1. A head's ops are small, and
     * libnd4j's thread hand-offs then cost more than they save: on a shared 2-core machine one step of a tiny
     * network took 49 ms with 2 threads and 3.5 ms with 1, and the default head's step 27 ms with 1 thread
     * against 43-158 ms with 2.
     */
    static int trainingThreads() {
        String env = System.getenv("FROZEN_DENSE_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(env.trim()));
            } catch (NumberFormatException e) {
                throw new dev.frozen.UsageError("FROZEN_DENSE_THREADS must be a whole number >= 1 (got " + env + ")");
            }
        }
        return 1;
    }

    private static boolean threadsFromEnvironment() {
        String env = System.getenv("FROZEN_DENSE_THREADS");
        return env != null && !env.isBlank();
    }

    private static void setThreads(int max, int master, int blas) {
        Nd4j.getEnvironment().setMaxThreads(max);
        Nd4j.getEnvironment().setMaxMasterThreads(master);
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(max);
        Nd4j.factory().blas().setMaxThreads(blas);
    }

    private static DenseHead trainWithCurrentThreads(DenseOptions o, FeatureSet train, FeatureSet val, long seed,
            CachedLayer source, PrintStream log) {
        // Pretrained convolutions expect the activations they were trained on, so with conv blocks the rows go in
        // raw; standardising them would change what the copied kernels compute.
        boolean conv = o.trainableBlocks() > 0;
        List<Integer> inputShape = conv ? source.shape() : null;
        Standardizer std = conv ? null : Standardizer.fit(train.features());
        float[][] z = conv ? train.features() : std.applyFloat(train.features());
        int d = train.dim();
        int k = train.numClasses();
        boolean hasVal = val != null && val.size() > 0;
        INDArray xVal = hasVal && !conv ? Nd4j.create(std.applyFloat(val.features())) : null;

        MultiLayerNetwork net;
        if (conv) {
            net = new MultiLayerNetwork(network(o, source, k, seed));
            net.init();
            ConvBlocks.load(net, source.block() + 1, source.weights().get());
            if (FastFineTune.enabled()) { // oneDNN blocks; FROZEN_FINETUNE=dl4j keeps the DL4J layers below
                Map<String, Object> params = o.params();
                params.put("kept_epoch", FastFineTune.fit(net, o, train, val, seed, source, log));
                return new DenseHead(params, train.classNames(), null, inputShape, net);
            }
        } else {
            net = new MultiLayerNetwork(network(o, train.dim(), train.numClasses(), seed));
            net.init();
        }
        Nd4j.getRandom().setSeed(seed); // dropout masks draw from ND4J's global generator
        Random shuffle = new Random(seed);
        int n = train.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        INDArray best = null;
        double bestAcc = -1;
        int bestEpoch = o.epochs();
        for (int epoch = 1; epoch <= o.epochs(); epoch++) {
            shuffle(order, shuffle);
            String label = String.format(Locale.ROOT, "dense epoch %d/%d", epoch, o.epochs());
            try (Progress bar = new Progress(label, n, "rows", 0, log)) {
                for (int start = 0; start < n; start += o.batch()) {
                    int end = Math.min(n, start + o.batch());
                    // Gathering rows in Java is ~100x faster than INDArray.getRows, which dominated the epoch time.
                    float[] xb = new float[(end - start) * d];
                    float[] yb = new float[(end - start) * k];
                    for (int r = start; r < end; r++) {
                        System.arraycopy(z[order[r]], 0, xb, (r - start) * d, d);
                        yb[(r - start) * k + train.labels()[order[r]]] = 1f;
                    }
                    net.fit(new DataSet(Nd4j.create(xb, batchShape(end - start, d, inputShape), 'c'),
                            Nd4j.create(yb, new long[] {end - start, k}, 'c')));
                    bar.advance(end - start);
                }
            }
            if (hasVal) {
                INDArray probs = conv ? output(net, val.features(), inputShape) : net.output(xVal, false);
                double acc = accuracy(argMaxRows(probs), val.labels());
                log.printf(Locale.ROOT, "dense epoch %d/%d: loss %.4f, val accuracy %.4f%n", epoch, o.epochs(), net.score(), acc);
                if (acc > bestAcc) {
                    bestAcc = acc;
                    bestEpoch = epoch;
                    best = net.params().dup();
                }
            }
        }
        if (best != null) {
            net.setParams(best);
        }
        Map<String, Object> params = o.params();
        params.put("kept_epoch", bestEpoch);
        return new DenseHead(params, train.classNames(), std, inputShape, net);
    }

    /** The shape of a batch of {@code n} rows: [n, d] for flat input, [n, h, w, c] with convolution blocks. */
    private static long[] batchShape(int n, int d, List<Integer> inputShape) {
        return inputShape == null ? new long[] {n, d}
                : new long[] {n, inputShape.get(0), inputShape.get(1), inputShape.get(2)};
    }

    /** Inference on raw rows through convolution blocks, a chunk at a time to bound activation memory. */
    private static INDArray output(MultiLayerNetwork net, float[][] rows, List<Integer> inputShape) {
        int d = rows[0].length;
        INDArray[] parts = new INDArray[(rows.length + PREDICT_CHUNK - 1) / PREDICT_CHUNK];
        for (int p = 0; p < parts.length; p++) {
            int start = p * PREDICT_CHUNK;
            int end = Math.min(rows.length, start + PREDICT_CHUNK);
            float[] xb = new float[(end - start) * d];
            for (int r = start; r < end; r++) {
                System.arraycopy(rows[r], 0, xb, (r - start) * d, d);
            }
            parts[p] = net.output(Nd4j.create(xb, batchShape(end - start, d, inputShape), 'c'), false);
        }
        return Nd4j.vstack(parts);
    }

    /** The network configuration for flat input: the dense top alone. */
    static org.deeplearning4j.nn.conf.MultiLayerConfiguration network(DenseOptions o, int inputDim, int classes, long seed) {
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
    static org.deeplearning4j.nn.conf.MultiLayerConfiguration network(DenseOptions o, CachedLayer source, int classes,
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
    public HeadKind kind() {
        return HeadKind.DENSE;
    }

    @Override
    public Map<String, Object> params() {
        return new LinkedHashMap<>(params);
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public boolean probabilistic() {
        return true;
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
        INDArray out = inputShape != null ? output(net, features, inputShape)
                : net.output(Nd4j.create(standardizer.applyFloat(features)), false);
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
        HeadFile.write(dir, HeadKind.DENSE, MODEL_TYPE, params, classNames, standardizer, new Model(NETWORK_FILE, inputShape));
    }

    /** The network's current parameters, flattened (tests compare them across runs). */
    public INDArray parameters() {
        return net.params().dup();
    }

    /** The underlying network (tests inspect layer parameters and activations). */
    MultiLayerNetwork network() {
        return net;
    }

    static int[] argMaxRows(INDArray probs) {
        double[][] p = probs.castTo(DataType.DOUBLE).toDoubleMatrix();
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Head.argMax(p[i]);
        }
        return out;
    }

    static double accuracy(int[] pred, int[] truth) {
        int ok = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == truth[i]) {
                ok++;
            }
        }
        return pred.length == 0 ? 0 : (double) ok / pred.length;
    }

    static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
