package dev.frozen.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.frozen.AtomicFiles;
import dev.frozen.DataError;
import dev.frozen.FrozenHome;
import dev.frozen.IoErrors;
import dev.frozen.Json;
import dev.frozen.UsageError;
import dev.frozen.Versions;
import dev.frozen.backbone.ConvWeights;
import dev.frozen.backbone.Pooling;
import dev.frozen.backbone.Precision;
import dev.frozen.backbone.Preprocessing;
import dev.frozen.backbone.Vgg16;
import dev.frozen.backbone.Vgg16Weights;
import dev.frozen.backbone.WeightsSpec;
import dev.frozen.experiments.fit.Predictor;
import dev.frozen.features.Manifest;
import dev.frozen.heads.DenseHead;
import dev.frozen.heads.Head;
import dev.frozen.heads.KernelSvmHead;
import dev.frozen.heads.LinearHead;
import dev.frozen.heads.Standardizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a recorded run as one ONNX model (opset {@value #OPSET}): the entry's preprocessing, the VGG16 layers up to the
 * cached layer, any fine-tuned blocks, the pooling, the head's standardisation and the head, with the run's
 * provenance in {@code metadata_props}. With {@code headOnly} the graph starts at the cached layer's flattened rows.
 * Exports logreg, the linear and the rbf-kernel SVM and dense (with fine-tuned blocks); refuses k-NN.
 */
public final class OnnxExport {
    /** The ONNX operator set the graphs use (every operator here is in the default domain at this version). */
    public static final int OPSET = 13;
    /** ONNX IR version 7 goes with opset 13 (ONNX 1.8), so older runtimes read the file too. */
    public static final long IR_VERSION = 7;
    public static final String IMAGES = "images";
    public static final String FEATURES = "features";
    public static final String LABEL = "label";
    public static final String PROBABILITIES = "probabilities";
    public static final String SCORES = "scores";

    /**
     * What was written: the file, its input's name and shape (batch first, -1), its score output, the metadata, and
     * the seconds spent loading (or generating) the VGG16 weights, which dominate an export.
     */
    public record Result(Path file, long bytes, String input, long[] inputShape, String scores, int classes,
            Map<String, String> metadata, double weightsSeconds) {}

    private OnnxExport() {}

    /**
     * Exports run {@code runId} (id or unique prefix) found under {@code featuresDir} to {@code out}, atomically. The
     * run is checked as {@code predict} checks it (entry files, weights digest; a stale run is exported with a warning
     * to {@code warn}).
     */
    public static Result export(Path featuresDir, String runId, WeightsSpec weightsOverride, FrozenHome home,
            boolean headOnly, Path out, Consumer<String> warn) {
        Predictor.Resolved run = Predictor.resolve(featuresDir, runId, weightsOverride, home, warn, !headOnly);
        Head head = run.head();
        String notExportable = head.notExportable();
        if (notExportable != null) {
            throw new UsageError("run " + run.record().runId() + " has a " + head.kind().id() + " head: "
                    + notExportable + "; export a logreg, svm or dense run");
        }
        if (head instanceof KernelSvmHead k && k.machines().stream().allMatch(mc -> mc.vectors().length == 0)) {
            throw new DataError("run " + run.record().runId() + " is a kernel SVM without support vectors; "
                    + "there is nothing to export, refit it");
        }
        if (!(head instanceof LinearHead) && !(head instanceof DenseHead) && !(head instanceof KernelSvmHead)) {
            throw new UsageError("run " + run.record().runId() + " has a " + head.kind().id() + " head of a kind this "
                    + "export does not know");
        }
        Manifest m = run.manifest();
        Preprocessing prep = Preprocessing.parse(m.preprocessing());
        Pooling pooling = m.poolingMode();
        int size = m.inputSize();
        List<Integer> layerShape = Vgg16.outputShape(m.layer(), size);
        List<DenseHead.Layer> convLayers = head instanceof DenseHead d ? convLayers(d) : List.of();

        OnnxGraph g = new OnnxGraph("frozen_" + head.kind().id());
        String x;
        long[] inputShape;
        double weightsSeconds = 0;
        if (headOnly) {
            g.floatInput(FEATURES, m.featureDim());
            inputShape = new long[] {-1, m.featureDim()};
            x = FEATURES;
            if (!convLayers.isEmpty()) {
                // Rows are the cached layer flattened channels-last; the blocks above it run channels-first.
                x = g.node("Reshape", List.of(x, g.longs("shape", new long[] {-1, layerShape.get(0), layerShape.get(1),
                        layerShape.get(2)}, 4)));
                x = g.node("Transpose", List.of(x), OnnxGraph.ints("perm", 0, 3, 1, 2));
            }
        } else {
            g.floatInput(IMAGES, size, size, 3);
            inputShape = new long[] {-1, size, size, 3};
            x = preprocessing(g, prep);
            long t0 = System.nanoTime();
            Vgg16Weights weights = run.weights().load();
            weightsSeconds = (System.nanoTime() - t0) / 1e9;
            x = base(g, x, weights, Vgg16.blockOf(m.layer()));
        }
        x = convBlocks(g, x, convLayers);
        if (!headOnly || !convLayers.isEmpty()) {
            x = poolAndFlatten(g, x, convLayers.isEmpty() ? pooling : Pooling.NONE);
        }
        String scores = head(g, x, head);
        int classes = head.classNames().size();
        g.output(LABEL, TensorProto.DataType.INT64);
        g.output(scores, TensorProto.DataType.FLOAT, classes);
        g.node("ArgMax", LABEL, List.of(scores), OnnxGraph.integer("axis", 1), OnnxGraph.integer("keepdims", 0));

        Map<String, String> meta = metadata(run, headOnly, inputShape, scores, !convLayers.isEmpty());
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("frozen")
                .setProducerVersion(Versions.frozen())
                .setDomain("dev.frozen")
                .setModelVersion(1)
                .setDocString("frozen run " + run.record().runId() + (headOnly ? ": head only, from cached feature rows"
                        : ": from images to answer") + "; see metadata_props")
                .setGraph(g.build());
        meta.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        ModelProto built = model.build();
        try {
            AtomicFiles.write(out, built::writeTo);
        } catch (IOException e) {
            throw IoErrors.writeFailure("the ONNX model", out, e, "rerun the same command");
        }
        return new Result(out, built.getSerializedSize(), headOnly ? FEATURES : IMAGES, inputShape, scores, classes, meta, weightsSeconds);
    }

    /** The run's convolution blocks above the cached layer (fine-tuned dense heads), empty otherwise. */
    private static List<DenseHead.Layer> convLayers(DenseHead head) {
        return head.layers().stream().filter(l -> l.type() == DenseHead.LayerType.CONV3X3_RELU
                || l.type() == DenseHead.LayerType.MAXPOOL2X2).toList();
    }

    /** NHWC RGB 0..255 to the network's NCHW input, as {@link Preprocessing#apply} computes it at the input size. */
    private static String preprocessing(OnnxGraph g, Preprocessing prep) {
        String x = g.node("Transpose", List.of(IMAGES), OnnxGraph.ints("perm", 0, 3, 1, 2));
        if (prep == Preprocessing.CAFFE) {
            x = g.node("Gather", List.of(x, g.longs("rgb_to_bgr", new long[] {2, 1, 0}, 3)), OnnxGraph.integer("axis", 1));
            return g.node("Sub", List.of(x, g.floats("mean_bgr", new float[] {103.939f, 116.779f, 123.68f}, 1, 3, 1, 1)));
        }
        // ARTICLE: np.resize(img, (size, size, 3)) / 255 is the image itself when it already has that size.
        return g.node("Div", List.of(x, g.floats("scale", new float[] {255f})));
    }

    /** VGG16 blocks 1..{@code lastBlock} with the entry's weights, NCHW. */
    private static String base(OnnxGraph g, String x, Vgg16Weights weights, int lastBlock) {
        for (int b = 1; b <= lastBlock; b++) {
            for (Vgg16.Conv c : Vgg16.convsOfBlock(b)) {
                ConvWeights w = weights.get(c.name());
                x = conv(g, x, oihw(w), w.bias(), c.out(), c.in());
            }
            x = maxPool(g, x);
        }
        return x;
    }

    private static String convBlocks(OnnxGraph g, String x, List<DenseHead.Layer> layers) {
        for (DenseHead.Layer l : layers) {
            if (l.type() == DenseHead.LayerType.MAXPOOL2X2) {
                x = maxPool(g, x);
            } else {
                long[] s = l.weightShape(); // [out, in, 3, 3], as ONNX's Conv takes it
                x = conv(g, x, l.weights(), l.bias(), (int) s[0], (int) s[1]);
            }
        }
        return x;
    }

    private static String conv(OnnxGraph g, String x, float[] oihw, float[] bias, int out, int in) {
        String y = g.node("Conv", List.of(x, g.floats("kernel", oihw, out, in, 3, 3), g.floats("bias", bias, out)),
                OnnxGraph.ints("kernel_shape", 3, 3), OnnxGraph.ints("pads", 1, 1, 1, 1), OnnxGraph.ints("strides", 1, 1));
        return g.node("Relu", List.of(y));
    }

    /** 2x2 stride 2 without padding: odd sizes floor, as Keras's "valid" pooling. */
    private static String maxPool(OnnxGraph g, String x) {
        return g.node("MaxPool", List.of(x), OnnxGraph.ints("kernel_shape", 2, 2), OnnxGraph.ints("strides", 2, 2));
    }

    /** Keras's (kh, kw, in, out) kernel as ONNX's (out, in, kh, kw). */
    static float[] oihw(ConvWeights w) {
        float[] k = w.kernel();
        float[] out = new float[k.length];
        int in = w.in();
        int o = w.out();
        for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
                for (int i = 0; i < in; i++) {
                    for (int oc = 0; oc < o; oc++) {
                        out[((oc * in + i) * 3 + ky) * 3 + kx] = k[((ky * 3 + kx) * in + i) * o + oc];
                    }
                }
            }
        }
        return out;
    }

    /** NCHW maps to the entry's rows: global pooling to [N, c], or flattened channels-last (row, column, channel). */
    private static String poolAndFlatten(OnnxGraph g, String x, Pooling pooling) {
        String y = switch (pooling) {
            case NONE -> g.node("Transpose", List.of(x), OnnxGraph.ints("perm", 0, 2, 3, 1));
            case AVG -> g.node("GlobalAveragePool", List.of(x));
            case MAX -> g.node("GlobalMaxPool", List.of(x));
        };
        return g.node("Flatten", List.of(y), OnnxGraph.integer("axis", 1));
    }

    /** The head on flat rows; returns the name of its score output ({@link #PROBABILITIES} or {@link #SCORES}). */
    private static String head(OnnxGraph g, String x, Head head) {
        if (head instanceof LinearHead linear) {
            x = standardize(g, x, linear.standardizer());
            double[][] w = linear.weights();
            int classes = w.length;
            int d = w[0].length - 1;
            float[] matrix = new float[classes * d];
            float[] bias = new float[classes];
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < d; j++) {
                    matrix[c * d + j] = (float) w[c][j];
                }
                bias[c] = (float) w[c][d];
            }
            String out = linear.probabilistic() ? null : SCORES;
            String logits = g.node("Gemm", out, List.of(x, g.floats("weights", matrix, classes, d), g.floats("bias", bias, classes)),
                    OnnxGraph.integer("transB", 1));
            return linear.probabilistic()
                    ? g.node("Softmax", PROBABILITIES, List.of(logits), OnnxGraph.integer("axis", 1)) : SCORES;
        }
        if (head instanceof KernelSvmHead kernel) {
            return kernelSvm(g, x, kernel);
        }
        DenseHead dense = (DenseHead) head;
        if (dense.standardizer() != null) {
            x = standardize(g, x, dense.standardizer());
        }
        for (DenseHead.Layer l : dense.layers()) {
            if (l.type() == DenseHead.LayerType.CONV3X3_RELU || l.type() == DenseHead.LayerType.MAXPOOL2X2) {
                continue; // built before the flatten
            }
            long[] s = l.weightShape(); // [in, out]
            String y = g.node("Gemm", List.of(x, g.floats("weights", l.weights(), s[0], s[1]), g.floats("bias", l.bias(), s[1])));
            x = l.type() == DenseHead.LayerType.DENSE_RELU ? g.node("Relu", List.of(y))
                    : g.node("Softmax", PROBABILITIES, List.of(y), OnnxGraph.integer("axis", 1));
        }
        return PROBABILITIES;
    }

    /**
     * score_c = b_c + sum_i a_ci exp(-gamma |z - v_i|^2) over every class's support vectors v_i stacked into one
     * matrix (a_ci is zero for another class's vectors), with |z - v|^2 = |z|^2 - 2 z.v + |v|^2.
     */
    private static String kernelSvm(OnnxGraph g, String x, KernelSvmHead head) {
        String z = standardize(g, x, head.standardizer());
        List<KernelSvmHead.Machine> machines = head.machines();
        int classes = machines.size();
        int d = head.standardizer().dim();
        int total = machines.stream().mapToInt(mc -> mc.vectors().length).sum();
        float[] vectors = new float[total * d];
        float[] norms = new float[total];
        float[] alpha = new float[total * classes];
        float[] intercepts = new float[classes];
        int row = 0;
        for (int c = 0; c < classes; c++) {
            KernelSvmHead.Machine mc = machines.get(c);
            intercepts[c] = (float) mc.intercept();
            for (int v = 0; v < mc.vectors().length; v++, row++) {
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    vectors[row * d + j] = (float) mc.vectors()[v][j];
                    norm += mc.vectors()[v][j] * mc.vectors()[v][j];
                }
                norms[row] = (float) norm;
                alpha[row * classes + c] = (float) mc.weights()[v];
            }
        }
        String zz = g.node("ReduceSum", List.of(g.node("Mul", List.of(z, z)), g.longs("axes", new long[] {1}, 1)),
                OnnxGraph.integer("keepdims", 1));
        String cross = g.node("Gemm", List.of(z, g.floats("support_vectors", vectors, total, d), g.floats("sv_norms", norms, total)),
                OnnxGraph.floatAttribute("alpha", -2f), OnnxGraph.integer("transB", 1));
        String dist = g.node("Add", List.of(cross, zz));
        String kernel = g.node("Exp", List.of(g.node("Mul", List.of(dist, g.floats("minus_gamma",
                new float[] {(float) -head.gamma()})))));
        return g.node("Gemm", SCORES, List.of(kernel, g.floats("dual_coef", alpha, total, classes),
                g.floats("intercepts", intercepts, classes)));
    }

    /** z = (x - mean) / scale, per feature. */
    private static String standardize(OnnxGraph g, String x, Standardizer s) {
        float[] mean = new float[s.dim()];
        float[] scale = new float[s.dim()];
        for (int j = 0; j < mean.length; j++) {
            mean[j] = (float) s.mean()[j];
            scale[j] = (float) s.scale()[j];
        }
        String centred = g.node("Sub", List.of(x, g.floats("feature_mean", mean, mean.length)));
        return g.node("Div", List.of(centred, g.floats("feature_scale", scale, scale.length)));
    }

    private static Map<String, String> metadata(Predictor.Resolved run, boolean headOnly, long[] inputShape,
            String scores, boolean fineTuned) {
        Manifest m = run.manifest();
        Head head = run.head();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("run_id", run.record().runId());
        meta.put("entry", run.entryName());
        meta.put("head", head.kind().id() + (head instanceof LinearHead ? " (linear)" : head instanceof KernelSvmHead
                ? " (rbf kernel)" : fineTuned ? " (fine-tuned)" : ""));
        meta.put("head_params", compactJson(head.params()));
        meta.put("class_names", compactJson(head.classNames()));
        meta.put("weights", m.weights().id());
        meta.put("weights_sha256", m.weights().sha256() != null ? m.weights().sha256()
                : "none (" + m.weights().id() + ": generated from the seed, no file)");
        meta.put("frozen_version", Versions.frozen());
        meta.put("preprocessing", m.preprocessing() + ": " + describe(Preprocessing.parse(m.preprocessing())));
        meta.put("input_size", Integer.toString(m.inputSize()));
        meta.put("layer", m.layer());
        meta.put("pooling", m.poolingMode().id());
        meta.put("feature_shape", compactJson(m.poolingMode().shape(Vgg16.outputShape(m.layer(), m.inputSize()))));
        meta.put("precision", m.precisionMode() == Precision.BF16
                ? "float32 (the entry was extracted in bf16; this model computes in float32, so its outputs differ "
                        + "from frozen predict's by about the bf16 rounding)"
                : "float32");
        meta.put("graph", headOnly ? "head only: flattened cached features to answer" : "image to answer");
        List<String> shape = new ArrayList<>();
        for (long d : inputShape) {
            shape.add(d < 0 ? "N" : Long.toString(d));
        }
        meta.put("input", (headOnly ? FEATURES : IMAGES) + " float32 [" + String.join(", ", shape) + "] " + (headOnly
                ? "the entry's rows: the cached layer flattened channels-last (row, column, channel), after its pooling"
                : "RGB values 0..255, resized to the input size"));
        meta.put("outputs", LABEL + " int64 [N] (class index); " + scores + " float32 [N, " + head.classNames().size() + "]"
                + (scores.equals(SCORES) ? " one-vs-rest decision values of the SVM, not probabilities" : " class probabilities"));
        meta.put("opset", Integer.toString(OPSET));
        meta.put("test_accuracy", Double.toString(run.record().testAccuracy()));
        return meta;
    }

    /** One-line JSON, as metadata values are shown on one line by most tools. */
    private static String compactJson(Object value) {
        try {
            return Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }

    private static String describe(Preprocessing p) {
        return p == Preprocessing.CAFFE ? "RGB to BGR, minus the ImageNet means [103.939, 116.779, 123.68]"
                : "x / 255, RGB kept (the article's np.resize route equals this only for images already at the input size)";
    }
}
