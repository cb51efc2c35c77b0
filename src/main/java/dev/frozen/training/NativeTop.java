package dev.frozen.training;

import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The dense top of a network (dense ReLU layers, each optionally followed by dropout, then a softmax output with
 * cross-entropy) trained outside DL4J. Its matrix products go through oneDNN's sgemm, on oneDNN's own threads,
 * several times faster than ND4J's products on these shapes; dropout is the layer's own DL4J {@link IDropout} on
 * ND4J's random generator, so masks are drawn exactly as DL4J's DropoutLayer draws them. Gradients are means over
 * the batch; parameters start from, and are written back to, the full network's layers. Not thread-safe.
 */
public final class NativeTop {
    private final int[] layerOf;     // the full network's index of each dense (and the output) layer
    private final INDArray[] w;      // [in, out], row-major
    private final INDArray[] b;      // [1, out]
    private final INDArray[] gw;
    private final INDArray[] gb;
    private final IDropout[] dropout; // after dense layer l, or null
    private final AdamUpdater[] wAdam;
    private final AdamUpdater[] bAdam;
    // the last training forward pass: each dense layer's input, and each hidden layer's ReLU output
    private final INDArray[] inputs;
    private final INDArray[] relu;
    private INDArray probabilities;

    /**
     * @param full the network whose layers from {@code firstTop} on are the top
     * @param inputDim the width of the rows reaching the top
     */
    public NativeTop(MultiLayerNetwork full, int firstTop, int inputDim) {
        List<Integer> dense = new ArrayList<>();
        List<IDropout> drops = new ArrayList<>();
        int layers = full.getnLayers();
        for (int i = firstTop; i < layers; i++) {
            Layer conf = full.getLayerWiseConfigurations().getConf(i).getLayer();
            if (conf instanceof DropoutLayer d) {
                if (dense.isEmpty() || drops.get(drops.size() - 1) != null || !(d.getIDropout() instanceof Dropout)) {
                    throw unsupported(i, "dropout only as plain Dropout after a dense layer");
                }
                drops.set(drops.size() - 1, d.getIDropout().clone());
                continue;
            }
            boolean last = i == layers - 1;
            if (last ? !(conf instanceof OutputLayer o && o.getActivationFn() instanceof ActivationSoftmax
                    && o.getLossFn() instanceof LossMCXENT loss && loss.getWeights() == null)
                    : !(conf instanceof DenseLayer dl && dl.getActivationFn() instanceof ActivationReLU)) {
                throw unsupported(i, last ? "a softmax output layer with cross-entropy" : "a dense ReLU layer");
            }
            org.deeplearning4j.nn.conf.layers.BaseLayer base = (org.deeplearning4j.nn.conf.layers.BaseLayer) conf;
            if (!base.getRegularization().isEmpty() || !base.getRegularizationBias().isEmpty()
                    || (base.getGradientNormalization() != null && base.getGradientNormalization() != GradientNormalization.None)
                    || base.getIDropout() != null || base.getWeightNoise() != null) {
                throw unsupported(i, "no regularisation, gradient normalisation, input dropout or weight noise");
            }
            dense.add(i);
            drops.add(null);
        }
        int n = dense.size();
        layerOf = dense.stream().mapToInt(Integer::intValue).toArray();
        dropout = drops.toArray(new IDropout[0]);
        w = new INDArray[n];
        b = new INDArray[n];
        gw = new INDArray[n];
        gb = new INDArray[n];
        wAdam = new AdamUpdater[n];
        bAdam = new AdamUpdater[n];
        inputs = new INDArray[n];
        relu = new INDArray[n];
        int in = inputDim;
        for (int l = 0; l < n; l++) {
            org.deeplearning4j.nn.api.Layer layer = full.getLayer(layerOf[l]);
            w[l] = layer.getParam("W").dup('c');
            b[l] = layer.getParam("b").dup('c').reshape(1, -1);
            if (w[l].rows() != in) {
                throw new IllegalStateException("top layer " + layerOf[l] + " takes " + w[l].rows() + " inputs, not " + in);
            }
            in = (int) w[l].columns();
            gw[l] = Nd4j.zeros(DataType.FLOAT, w[l].shape());
            gb[l] = Nd4j.zeros(DataType.FLOAT, b[l].shape());
            org.deeplearning4j.nn.conf.layers.BaseLayer conf = (org.deeplearning4j.nn.conf.layers.BaseLayer)
                    full.getLayerWiseConfigurations().getConf(layerOf[l]).getLayer();
            wAdam[l] = adam(conf.getUpdaterByParam("W"), w[l].length());
            bAdam[l] = adam(conf.getUpdaterByParam("b"), b[l].length());
        }
    }

    private static IllegalStateException unsupported(int layer, String expected) {
        return new IllegalStateException("the fast dense top supports " + expected + "; layer " + layer + " is not");
    }

    /**
     * Class probabilities of {@code x} [n, inputDim]. With {@code training} the dropout layers draw their masks
     * (iteration and epoch go to their schedules) and the activations are kept for {@link #backward}.
     */
    public INDArray forward(INDArray x, boolean training, int iteration, int epoch) {
        INDArray a = x;
        int n = w.length;
        for (int l = 0; l < n; l++) {
            if (training) {
                inputs[l] = a;
            }
            INDArray z = product(a, false, w[l], false);
            z.addiRowVector(b[l]);
            if (l == n - 1) {
                Nd4j.exec(new SoftMax(z, z, 1));
                if (training) {
                    probabilities = z;
                }
                return z;
            }
            Transforms.relu(z, false);
            if (training) {
                relu[l] = z;
            }
            a = z;
            if (dropout[l] != null && training) {
                a = dropout[l].applyDropout(z, Nd4j.createUninitialized(DataType.FLOAT, z.shape(), 'c'), iteration, epoch,
                        LayerWorkspaceMgr.noWorkspaces());
            }
        }
        throw new IllegalStateException("a top without layers");
    }

    /**
     * Gradients of the mean cross-entropy of the last training forward pass against one-hot {@code labels}
     * [n, classes], into {@link #weightGradient} and {@link #biasGradient}; returns the gradient with respect to the
     * input rows, or null when {@code inputGradient} is false (nothing below learns).
     */
    public INDArray backward(INDArray labels, int iteration, int epoch, boolean inputGradient) {
        int n = (int) labels.rows();
        INDArray delta = probabilities.sub(labels).muli(1.0 / n);
        for (int l = w.length - 1; l >= 0; l--) {
            if (l < w.length - 1) {
                if (dropout[l] != null) {
                    dropout[l].backprop(delta, delta, iteration, epoch);
                    dropout[l].clear();
                }
                delta.muli(Transforms.sign(relu[l], true)); // ReLU outputs are 0 or positive: sign is its derivative
            }
            productInto(inputs[l], true, delta, false, gw[l]);
            gb[l].assign(delta.sum(true, 0));
            if (l == 0 && !inputGradient) {
                return null;
            }
            delta = product(delta, false, w[l], true);
        }
        return delta;
    }

    /** One Adam step of every parameter from the last {@link #backward}'s gradients (which it overwrites). */
    public void update(int iteration, int epoch) {
        for (int l = 0; l < w.length; l++) {
            step(wAdam[l], w[l], gw[l], iteration, epoch);
            step(bAdam[l], b[l], gb[l], iteration, epoch);
        }
    }

    /** DL4J's Adam turns the gradient into the step in place; the parameter then moves by it, as DL4J's updater does. */
    public static void step(AdamUpdater adam, INDArray parameter, INDArray gradient, int iteration, int epoch) {
        adam.applyUpdater(gradient, iteration, epoch);
        parameter.subi(gradient);
    }

    /**
     * Mean cross-entropy of the last training forward pass against {@code labels}, with probabilities clipped at
     * 1e-10 as DL4J's MCXENT loss clips them (what DL4J reports as a network's score).
     */
    public double loss(INDArray labels) {
        INDArray logP = Transforms.log(Transforms.max(probabilities, 1e-10, true), false);
        return -labels.mul(logP).sumNumber().doubleValue() / labels.rows();
    }

    /** The gradient of dense layer {@code l} (0 = the first above the input) as DL4J lays its "W" out: [in, out]. */
    public INDArray weightGradient(int l) {
        return gw[l];
    }

    public INDArray biasGradient(int l) {
        return gb[l];
    }

    /** Copies the parameters into the full network's top layers. */
    public void writeBack(MultiLayerNetwork full) {
        for (int l = 0; l < w.length; l++) {
            org.deeplearning4j.nn.api.Layer layer = full.getLayer(layerOf[l]);
            layer.getParam("W").assign(w[l]);
            INDArray bias = layer.getParam("b");
            bias.assign(b[l].reshape(bias.shape()));
        }
    }

    /** A new row-major op(a) op(b). */
    private static INDArray product(INDArray a, boolean ta, INDArray b, boolean tb) {
        long rows = ta ? a.columns() : a.rows();
        long cols = tb ? b.rows() : b.columns();
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, cols}, 'c');
        productInto(a, ta, b, tb, c);
        return c;
    }

    /** c = op(a) op(b), all row-major and contiguous, through oneDNN's sgemm. */
    private static void productInto(INDArray a, boolean ta, INDArray b, boolean tb, INDArray c) {
        for (INDArray m : new INDArray[] {a, b, c}) {
            // ND4J gives a single row or column unit strides, whatever its length
            boolean rowMajor = (m.columns() == 1 || m.stride(1) == 1) && (m.rows() == 1 || m.stride(0) == m.columns());
            if (m.rank() != 2 || m.dataType() != DataType.FLOAT || !rowMajor) {
                throw new IllegalStateException("sgemm takes contiguous row-major float matrices, not " + m.shapeInfoToString());
            }
        }
        long m = c.rows();
        long nn = c.columns();
        long k = ta ? a.rows() : a.columns();
        int status = dnnl_sgemm((byte) (ta ? 'T' : 'N'), (byte) (tb ? 'T' : 'N'), m, nn, k, 1f, pointer(a), a.columns(),
                pointer(b), b.columns(), 0f, pointer(c), nn);
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN sgemm failed with status " + status);
        }
    }

    private static FloatPointer pointer(INDArray m) {
        return new FloatPointer(m.data().addressPointer()).position(m.offset());
    }

    /** Adam from DL4J for one parameter array, with the state DL4J's updater would keep for it. */
    public static AdamUpdater adam(IUpdater conf, long length) {
        if (!(conf instanceof Adam adam)) {
            throw new IllegalStateException("the fast path implements Adam only, not " + conf);
        }
        AdamUpdater u = new AdamUpdater((Adam) adam.clone());
        u.setStateViewArray(Nd4j.zeros(DataType.FLOAT, 1, 2 * length), new long[] {1, length}, 'c', true);
        return u;
    }
}
