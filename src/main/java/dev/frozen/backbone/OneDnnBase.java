package dev.frozen.backbone;

import static dev.frozen.backbone.OneDnn.*;
import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_binary_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_pooling_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The frozen VGG16 base driven directly through oneDNN's C API (JavaCPP preset {@code org.bytedeco:dnnl}), with
 * no ND4J involved.
 *
 * <p>Layout strategy: every convolution is created with {@code format_tag::any} for its weights and output, so
 * oneDNN picks its native blocked layout (nChw8c on AVX2); each later convolution and pooling takes the previous
 * primitive's output layout as its input, so activations stay blocked through the whole network. Bias is part
 * of the convolution and ReLU is a fused eltwise post-op. Max pooling (2x2, stride 2, "valid", so odd sizes
 * floor) runs on the blocked layout. There is at most one reorder in (the caller's NHWC floats into the first
 * convolution's input layout; none at all when the first convolution reads NHWC directly, see below) and one
 * out (last pool to NHWC, which is Keras's flatten order row, column, channel). The exception: in fp32, convolutions
 * on maps of side {@link SmallMapConv#MAX_SIDE} or less run as {@link SmallMapConv} products on NHWC activations
 * (one reorder into NHWC before the first of them), followed by an in-place bias add with fused ReLU.
 *
 * <p>Weights are reordered once, at construction, into the layout the convolutions want (probed on a nominal
 * shape). Should a particular (batch, size) make oneDNN pick a different weights layout, that layout is
 * reordered once too and cached beside the first, never per call.
 *
 * <p>Primitives and activation buffers are created once per (batch size, input size) and cached; activations
 * ping-pong between two native buffers sized for the largest layer. Threads: oneDNN here is built on OpenMP, so
 * {@code OMP_NUM_THREADS} applies (default: all cores).
 *
 * <p>Not thread-safe: an instance owns mutable native buffers and one stream, so confine it to one thread (or
 * give each thread its own instance). {@link #close()} frees the native memory; the instance is unusable after.
 */
public final class OneDnnBase extends CutBase {

    private final List<Vgg16.Conv> convs = new ArrayList<>();
    private final List<FloatPointer> userKernels = new ArrayList<>();
    private final List<FloatPointer> userBiases = new ArrayList<>();
    private final List<dnnl_memory> biases = new ArrayList<>();
    /** Per convolution: weights already reordered into a oneDNN layout, one entry per distinct layout. */
    private final List<List<Weights>> weights = new ArrayList<>();
    private final Map<Long, Plan> plans = new HashMap<>();
    private final dnnl_engine engine = new dnnl_engine();
    private final dnnl_stream stream = new dnnl_stream();
    private final dnnl_primitive_attr convAttr = new dnnl_primitive_attr();
    private int weightReorders;
    private boolean closed;
    /** oneDNN data type of activations and weights inside the network: f32, or bf16 (accumulating in f32). */
    private final int inner;
    /** Whether fp32 convolutions on maps of side {@link SmallMapConv#MAX_SIDE} or less run as {@link SmallMapConv}. */
    private final boolean smallMaps;
    private final dnnl_primitive_attr reluAttr = new dnnl_primitive_attr();

    private record Weights(dnnl_memory_desc_t md, dnnl_memory memory, Pointer data) {}

    public OneDnnBase(Vgg16Weights weights, String layer) {
        this(weights, layer, Precision.FP32);
    }

    /**
     * With {@link Precision#BF16} the convolutions and poolings run on bfloat16 activations and weights with float32
     * accumulation and float32 bias; input and output stay float32 (one reorder converts each way).
     */
    public OneDnnBase(Vgg16Weights weights, String layer, Precision precision) {
        this(weights, List.of(layer), precision, smallMapsByDefault());
    }

    /**
     * The base cut at the deepest of {@code layers}, also copying out the activations of the shallower ones as the
     * network passes them (one pass computes them all; {@link #forwardAll}).
     */
    public OneDnnBase(Vgg16Weights weights, List<String> layers, Precision precision) {
        this(weights, layers, precision, smallMapsByDefault());
    }

    /** The same, choosing whether small maps use {@link SmallMapConv} (fp32 only; tests compare both). */
    OneDnnBase(Vgg16Weights weights, String layer, Precision precision, boolean smallMaps) {
        this(weights, List.of(layer), precision, smallMaps);
    }

    OneDnnBase(Vgg16Weights weights, List<String> layers, Precision precision, boolean smallMaps) {
        super(layers);
        this.inner = precision == Precision.BF16 ? dnnl_bf16 : dnnl_f32;
        this.smallMaps = smallMaps && inner == dnnl_f32;
        openCpu(engine, stream);
        reluPostOp(convAttr);
        reluPostOp(reluAttr); // bias add + ReLU after SmallMapConv

        for (Vgg16.Conv c : Vgg16.convsUpTo(layer)) {
            ConvWeights w = weights.get(c.name());
            convs.add(c);
            FloatPointer k = new FloatPointer(w.kernel().length);
            k.put(w.kernel());
            userKernels.add(k);
            FloatPointer b = new FloatPointer(w.bias().length);
            b.put(w.bias());
            userBiases.add(b); // the bias memory wraps this buffer: keep it reachable, or GC frees it under oneDNN
            biases.add(memory(md(new long[] {c.out()}, dnnl_x), b));
            this.weights.add(new ArrayList<>());
        }
        // Reorder the weights once, into the layouts oneDNN picks for a nominal batch (64 images of 48px). The
        // per-plan primitives normally ask for exactly these; see weightsFor for the rare exception.
        plan(64, 48).free();
        plans.clear();
    }

    @Override
    public float[][] forwardAll(float[] images, int count, int size) {
        if (closed) {
            throw new IllegalStateException("OneDnnBase is closed");
        }
        Vgg16.requireInputSize(size);
        if (count < 1 || images.length < (long) count * size * size * 3) {
            throw new IllegalArgumentException("need " + count + " images of " + size + "x" + size + "x3 floats");
        }
        Plan p = plans.computeIfAbsent(((long) count << 32) | size, key -> plan(count, size));
        p.input.put(images, 0, count * size * size * 3);
        run(p.steps, stream);
        float[][] out = new float[layers.size()][];
        for (int t = 0; t < p.taps.size(); t++) {
            out[t] = new float[p.tapFloats.get(t)];
            p.taps.get(t).get(out[t], 0, out[t].length);
        }
        out[out.length - 1] = new float[p.outputFloats];
        p.output.get(out[out.length - 1], 0, p.outputFloats);
        return out;
    }

    /**
     * Whether small maps use {@link SmallMapConv}: yes unless {@code FROZEN_SMALL_MAP_CONV=direct}, which keeps
     * oneDNN's direct convolutions everywhere (a cross-check; both agree with the plain-loop reference in the tests).
     */
    static boolean smallMapsByDefault() {
        return !"direct".equalsIgnoreCase(System.getenv("FROZEN_SMALL_MAP_CONV"));
    }

    /** Weight layouts reordered so far, across all convolutions: 13 (or fewer for an earlier layer) normally. */
    int weightReorders() {
        return weightReorders;
    }

    /** One line per primitive of the plan for (count, size): its name and oneDNN's implementation name. */
    List<String> describe(int count, int size) {
        Plan p = plans.computeIfAbsent(((long) count << 32) | size, key -> plan(count, size));
        List<String> lines = new ArrayList<>();
        for (Step s : p.steps) {
            lines.add(s.name + ": " + s.impl);
        }
        return lines;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Plan p : plans.values()) {
            p.free();
        }
        plans.clear();
        for (List<Weights> ws : weights) {
            for (Weights w : ws) {
                dnnl_memory_destroy(w.memory);
                w.data.close();
            }
        }
        for (dnnl_memory b : biases) {
            dnnl_memory_destroy(b);
        }
        userKernels.forEach(Pointer::close);
        userBiases.forEach(Pointer::close);
        dnnl_primitive_attr_destroy(convAttr);
        dnnl_primitive_attr_destroy(reluAttr);
        dnnl_stream_destroy(stream);
        dnnl_engine_destroy(engine);
    }

    // ---- plan construction --------------------------------------------------------------------------------

    /** Everything one (batch, size) needs: primitives in order, the memories they run on, the buffers. */
    private final class Plan extends PlanMemory {
        final List<Step> steps = new ArrayList<>();
        FloatPointer input;
        FloatPointer output;
        int outputFloats;
        /** NHWC copies of the shallower layers' activations, in {@link #layers} order. */
        final List<FloatPointer> taps = new ArrayList<>();
        final List<Integer> tapFloats = new ArrayList<>();

        Plan() {
            super(engine);
        }

        @Override
        public void free() {
            for (Step s : steps) {
                s.destroy();
                if (s.pd != null) {
                    dnnl_primitive_desc_destroy(s.pd);
                }
            }
            super.free();
        }
    }

    /**
     * One primitive of a plan before its memories exist. A small-map convolution ({@code gemm}) is a
     * {@link SmallMapConv} followed by {@code pd}, the bias add with fused ReLU, in place.
     */
    private record Op(String name, dnnl_primitive_desc pd, int conv, boolean gemm, int side) {
        static final int REORDER = -1;
        static final int POOL = -2;
        /** A reorder copying the current activations out to a tap buffer; the network goes on from its input. */
        static final int TAP = -3;

        Op(String name, dnnl_primitive_desc pd, int conv) {
            this(name, pd, conv, false, 0);
        }
    }

    private Plan plan(int n, int size) {
        Plan p = new Plan();
        p.input = p.own(new FloatPointer((long) n * size * size * 3));
        dnnl_memory_desc_t userInMd = md(new long[] {n, 3, size, size}, dnnl_nhwc);
        List<Op> ops = descriptors(p, n, size, userInMd);
        bind(p, ops, n, userInMd);
        return p;
    }

    /**
     * The first pass: primitive descriptors in execution order, each taking the previous one's output layout as its
     * input, ending in the plan's output buffer's layout; allocates that buffer and the tap buffers.
     */
    private List<Op> descriptors(Plan p, int n, int size, dnnl_memory_desc_t userInMd) {
        // A convolution is first offered that layout as is; only if oneDNN can serve it with nothing better than
        // its reference kernel is it rebuilt with format "any" and a reorder put in front. In practice that
        // happens once, for the first convolution (AVX2's direct kernel wants 3-channel input planar, not NHWC).
        List<Op> ops = new ArrayList<>();
        dnnl_memory_desc_t cur = userInMd;
        int side = size;
        for (int i = 0; i < convs.size(); i++) {
            Vgg16.Conv c = convs.get(i);
            if (smallMaps && side <= SmallMapConv.MAX_SIDE) {
                dnnl_memory_desc_t nhwc = md(new long[] {n, c.in(), side, side}, dnnl_nhwc);
                if (dnnl_memory_desc_equal(nhwc, cur) == 0) {
                    ops.add(new Op("reorder_" + c.name(), reorderPd(cur, nhwc), Op.REORDER));
                }
                cur = md(new long[] {n, c.out(), side, side}, dnnl_nhwc);
                ops.add(new Op(c.name(), biasReluPd(cur, c.out()), i, true, side));
            } else {
                dnnl_primitive_desc conv = i == 0 && inner != dnnl_f32 ? null : convPd(c, n, side, cur);
                if (conv == null || impl(conv).startsWith("ref")) {
                    if (conv != null) {
                        dnnl_primitive_desc_destroy(conv);
                    }
                    conv = convPd(c, n, side, md(new long[] {n, c.in(), side, side}, dnnl_format_tag_any, inner));
                    dnnl_memory_desc_t want = dnnl_primitive_desc_query_md(conv, dnnl_query_src_md, 0);
                    if (dnnl_memory_desc_equal(want, cur) == 0) {
                        ops.add(new Op("reorder_" + c.name(), reorderPd(cur, want), Op.REORDER));
                    }
                }
                ops.add(new Op(c.name(), conv, i));
                cur = dnnl_primitive_desc_query_md(conv, dnnl_query_dst_md, 0);
            }
            tap(ops, c.name(), cur, n, c.out(), side, p);
            if (Vgg16.poolsAfter(layer, i)) {
                dnnl_primitive_desc pool = poolPd(n, c.out(), side, cur);
                ops.add(new Op("block" + c.block() + "_pool", pool, Op.POOL));
                cur = dnnl_primitive_desc_query_md(pool, dnnl_query_dst_md, 0);
                side /= 2;
                tap(ops, "block" + c.block() + "_pool", cur, n, c.out(), side, p);
            }
        }
        int outChannels = convs.get(convs.size() - 1).out();
        dnnl_memory_desc_t userOutMd = md(new long[] {n, outChannels, side, side}, dnnl_nhwc);
        boolean outReorder = dnnl_memory_desc_equal(cur, userOutMd) == 0;
        if (outReorder) {
            ops.add(new Op("reorder_out", reorderPd(cur, userOutMd), Op.REORDER));
        }
        p.outputFloats = n * side * side * outChannels;
        p.output = p.own(new FloatPointer(p.outputFloats));
        return ops;
    }

    /** The second pass: memories and primitives over two ping-pong buffers; the last writes the output buffer. */
    private void bind(Plan p, List<Op> ops, int n, dnnl_memory_desc_t userInMd) {
        // Two ping-pong activation buffers, each big enough for any intermediate tensor.
        long max = 0;
        for (Op op : ops) {
            max = Math.max(max, dnnl_memory_desc_get_size(dnnl_primitive_desc_query_md(op.pd, dnnl_query_dst_md, 0)));
        }
        Pointer[] ping = {p.aligned(max), p.aligned(max)};

        dnnl_memory curMem = p.memory(userInMd, p.input);
        Pointer curData = p.input;
        int buf = 0;
        int tapIndex = 0;
        for (int s = 0; s < ops.size(); s++) {
            Op op = ops.get(s);
            dnnl_memory_desc_t dstMd = dnnl_primitive_desc_query_md(op.pd, dnnl_query_dst_md, 0);
            if (op.conv == Op.TAP) {
                dnnl_memory copy = p.memory(dstMd, p.taps.get(tapIndex++));
                p.steps.add(new Step(op.name, op.pd, args(DNNL_ARG_FROM, curMem, DNNL_ARG_TO, copy), 2));
                continue;
            }
            Pointer dstData = s + 1 == ops.size() ? p.output : ping[buf];
            dnnl_memory dst = p.memory(dstMd, dstData);
            dnnl_exec_arg_t a;
            int nargs = 2;
            if (op.gemm) {
                Vgg16.Conv c = convs.get(op.conv);
                p.steps.add(new Step(op.name + "_products", "sgemm (no padding products)",
                        new SmallMapConv(n, op.side, c.in(), c.out(), floats(curData), userKernels.get(op.conv), floats(dstData))));
                dnnl_memory bias = p.memory(md(new long[] {1, c.out(), 1, 1}, dnnl_nchw), userBiases.get(op.conv));
                a = args(DNNL_ARG_SRC_0, dst, DNNL_ARG_SRC_1, bias, DNNL_ARG_DST, dst);
                nargs = 3;
            } else if (op.conv == Op.REORDER) {
                a = args(DNNL_ARG_FROM, curMem, DNNL_ARG_TO, dst);
            } else if (op.conv == Op.POOL) {
                a = args(DNNL_ARG_SRC, curMem, DNNL_ARG_DST, dst);
            } else {
                dnnl_memory w = weightsFor(op.conv, dnnl_primitive_desc_query_md(op.pd, dnnl_query_weights_md, 0));
                a = args(DNNL_ARG_SRC, curMem, DNNL_ARG_WEIGHTS, w, DNNL_ARG_BIAS, biases.get(op.conv),
                        DNNL_ARG_DST, dst);
                nargs = 4;
            }
            p.steps.add(new Step(op.gemm ? op.name + "_bias_relu" : op.name, op.pd, a, nargs));
            curMem = dst;
            curData = dstData;
            buf ^= 1;
        }
    }

    /**
     * When {@code name} is one of the shallower layers asked for, a reorder of the current activations into an NHWC
     * buffer of their own (Keras's flatten order); the last layer needs none, it is the plan's output.
     */
    private void tap(List<Op> ops, String name, dnnl_memory_desc_t cur, int n, int channels, int side, Plan p) {
        if (name.equals(layer) || !layers.contains(name)) {
            return;
        }
        dnnl_memory_desc_t nhwc = md(new long[] {n, channels, side, side}, dnnl_nhwc);
        ops.add(new Op("tap_" + name, reorderPd(cur, nhwc), Op.TAP));
        int floats = n * side * side * channels;
        p.taps.add(p.own(new FloatPointer(floats)));
        p.tapFloats.add(floats);
    }

    private dnnl_primitive_desc convPd(Vgg16.Conv c, int n, int side, dnnl_memory_desc_t srcMd) {
        dnnl_memory_desc_t weightsMd = md(new long[] {c.out(), c.in(), 3, 3}, dnnl_format_tag_any, inner);
        dnnl_memory_desc_t biasMd = md(new long[] {c.out()}, dnnl_x);
        dnnl_memory_desc_t dstMd = md(new long[] {n, c.out(), side, side}, dnnl_format_tag_any, inner);
        dnnl_convolution_desc_t desc = new dnnl_convolution_desc_t();
        check(dnnl_convolution_forward_desc_init(desc, dnnl_forward_inference, dnnl_convolution_direct, srcMd,
                weightsMd, biasMd, dstMd, STRIDE1, PAD1, PAD1), "conv desc " + c.name());
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(desc), convAttr, engine, null),
                "conv pd " + c.name());
        return pd;
    }

    /** dst = ReLU(dst + bias), in place, for the output of a {@link SmallMapConv}. */
    private dnnl_primitive_desc biasReluPd(dnnl_memory_desc_t dstMd, int channels) {
        dnnl_binary_desc_t desc = new dnnl_binary_desc_t();
        check(dnnl_binary_desc_init(desc, dnnl_binary_add, dstMd, md(new long[] {1, channels, 1, 1}, dnnl_nchw), dstMd),
                "binary desc");
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(desc), reluAttr, engine, null), "bias relu pd");
        return pd;
    }

    private dnnl_primitive_desc poolPd(int n, int channels, int side, dnnl_memory_desc_t srcMd) {
        dnnl_memory_desc_t dstMd = md(new long[] {n, channels, side / 2, side / 2}, dnnl_format_tag_any, inner);
        dnnl_pooling_desc_t desc = new dnnl_pooling_desc_t();
        // "valid" 2x2/2: no padding; oneDNN's (in - 2 + 0) / 2 + 1 floors odd sizes the way Keras does.
        check(dnnl_pooling_forward_desc_init(desc, dnnl_forward_inference, dnnl_pooling_max, srcMd, dstMd, POOL2,
                POOL2, PAD0, PAD0), "pool desc");
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(desc), null, engine, null), "pool pd");
        return pd;
    }

    private dnnl_primitive_desc reorderPd(dnnl_memory_desc_t from, dnnl_memory_desc_t to) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_reorder_primitive_desc_create(pd, from, engine, to, engine, null), "reorder pd");
        return pd;
    }

    /** The convolution's weights in layout {@code want}, reordered from Keras's (kh, kw, in, out) on first use. */
    private dnnl_memory weightsFor(int conv, dnnl_memory_desc_t want) {
        for (Weights w : weights.get(conv)) {
            if (dnnl_memory_desc_equal(w.md, want) != 0) {
                return w.memory;
            }
        }
        Vgg16.Conv c = convs.get(conv);
        // Keras's kernel is (kh, kw, in, out) row-major, which is oneDNN's hwio tag over logical dims (O, I, H, W).
        dnnl_memory_desc_t userMd = md(new long[] {c.out(), c.in(), 3, 3}, dnnl_hwio);
        dnnl_memory from = memory(userMd, userKernels.get(conv));
        dnnl_memory_desc_t copy = new dnnl_memory_desc_t();
        Pointer.memcpy(copy, want, copy.sizeof());
        BytePointer data = new BytePointer(dnnl_memory_desc_get_size(copy) + ALIGN);
        data.position((ALIGN - data.address() % ALIGN) % ALIGN);
        dnnl_memory to = memory(copy, data);
        OneDnn.reorderNow(engine, stream, from, to);
        dnnl_memory_destroy(from);
        weights.get(conv).add(new Weights(copy, to, data));
        weightReorders++;
        return to;
    }

    // ---- small helpers ------------------------------------------------------------------------------------

    /**
     * The floats where {@code p} points, position included. (JavaCPP's cast constructor copies the position as a
     * count of the other type's elements, and a void* argument takes the position in bytes, so convert explicitly.)
     */
    private static FloatPointer floats(Pointer p) {
        long bytes = p.position() * p.sizeof();
        if (bytes % Float.BYTES != 0) {
            throw new IllegalStateException("buffer not aligned for floats");
        }
        return new FloatPointer(p).position(bytes / Float.BYTES);
    }

    private dnnl_memory memory(dnnl_memory_desc_t md, Pointer data) {
        return OneDnn.memory(engine, md, data);
    }
}
