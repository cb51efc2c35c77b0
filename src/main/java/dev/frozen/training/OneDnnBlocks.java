package dev.frozen.training;

import static dev.frozen.backbone.OneDnn.*;
import static org.bytedeco.dnnl.global.dnnl.*;

import dev.frozen.backbone.OneDnn;
import dev.frozen.backbone.PlanMemory;
import dev.frozen.backbone.Precision;
import dev.frozen.backbone.Vgg16;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_matmul_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_pooling_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * VGG16's blocks above a cached pool layer, trained through oneDNN's forward-training and backward primitives
 * (convolution with fused bias and ReLU, ReLU backward from its output, max pooling with a workspace) in the
 * layouts oneDNN picks, usually blocked. Blocks below {@code firstTrainable} run forward only.
 *
 * <p>Trainable kernels live in one fixed oneDNN layout (the one the first plan's forward convolution asks for)
 * inside ND4J arrays, beside their gradients, so that DL4J's own {@code AdamUpdater} can update them in place;
 * any primitive that wants another layout gets a reorder in its plan. Input and output are NHWC floats (Keras's
 * flatten order). Parameters go in and out as DL4J's [out, in, kh, kw] kernels and [out] biases.
 *
 * <p>Not thread-safe; {@link #close()} frees the native memory.
 */
public final class OneDnnBlocks implements AutoCloseable {

    private final int firstBlock;
    private final int firstTrainable;
    private final int side0;
    private final List<Vgg16.Conv> convs = new ArrayList<>();
    /** Per convolution, DL4J layout [out, in, 3, 3] row-major: the frozen ones' only copy, the trainable ones' start. */
    private final List<FloatPointer> oihw = new ArrayList<>();
    private final List<FloatPointer> frozenBias = new ArrayList<>();
    /** Per trainable convolution (null for frozen): parameters and gradients, ND4J-owned, oneDNN-wrapped. */
    private final INDArray[] w;
    private final INDArray[] b;
    private final INDArray[] gw;
    private final INDArray[] gb;
    private final dnnl_memory_desc_t[] masterMd;
    private final dnnl_memory[] wMem;
    private final dnnl_memory[] bMem;
    private final dnnl_memory[] gwMem;
    private final dnnl_memory[] gbMem;
    /** The trainable convolutions' algorithms, in the order tried (see {@link #winogradByDefault()}). */
    private final int[] convAlgs;
    private final Map<Integer, Plan> plans = new HashMap<>();
    /** The native memory behind w, b, gw and gb (see {@link #alignedZeros}), freed on close. */
    private final List<Pointer> owned = new ArrayList<>();
    private final dnnl_engine engine = new dnnl_engine();
    private final dnnl_stream stream = new dnnl_stream();
    private final dnnl_primitive_attr reluAttr = new dnnl_primitive_attr();
    /**
     * oneDNN data type of the activations, their gradients and the kernels the convolutions read: f32, or bf16
     * (accumulating in f32). Master kernels, biases, kernel and bias gradients stay f32 either way.
     */
    private final int inner;
    /** Whether backward also computes the gradient at the input rows (see {@link #keepInputGradient()}). */
    private boolean inputGradient;
    private boolean closed;

    /**
     * @param firstBlock the block just above the cached layer
     * @param firstTrainable the lowest trainable block (blocks {@code firstBlock..firstTrainable-1} stay frozen)
     * @param side the cached layer's height and width
     * @param kernels per convolution of blocks {@code firstBlock..5}, [out, in, 3, 3] row-major
     * @param biases per convolution, [out]
     */
    public OneDnnBlocks(int firstBlock, int firstTrainable, int side, List<float[]> kernels, List<float[]> biases,
            boolean winograd) {
        this(firstBlock, firstTrainable, side, kernels, biases, winograd, Precision.FP32);
    }

    /**
     * The same in {@code precision}: with {@link Precision#BF16} every convolution (forward, backward-data and
     * backward-weights), pooling and ReLU backward reads and writes bf16 activations and kernels; the f32 master
     * kernels are converted to bf16 once per forward pass and the kernel and bias gradients come out in f32.
     * oneDNN has no bf16 Winograd, so bf16 convolutions are direct (or brgemm) whatever {@code winograd} says.
     */
    public OneDnnBlocks(int firstBlock, int firstTrainable, int side, List<float[]> kernels, List<float[]> biases,
            boolean winograd, Precision precision) {
        this.inner = precision == Precision.BF16 ? dnnl_bf16 : dnnl_f32;
        this.convAlgs = winograd ? new int[] {dnnl_convolution_winograd, dnnl_convolution_direct} : DIRECT_ONLY;
        this.firstBlock = firstBlock;
        this.firstTrainable = firstTrainable;
        this.side0 = side;
        for (int blk = firstBlock; blk <= Vgg16.BLOCKS; blk++) {
            convs.addAll(Vgg16.convsOfBlock(blk));
        }
        int m = convs.size();
        w = new INDArray[m];
        b = new INDArray[m];
        gw = new INDArray[m];
        gb = new INDArray[m];
        masterMd = new dnnl_memory_desc_t[m];
        wMem = new dnnl_memory[m];
        bMem = new dnnl_memory[m];
        gwMem = new dnnl_memory[m];
        gbMem = new dnnl_memory[m];
        OneDnn.openCpu(engine, stream);
        OneDnn.reluPostOp(reluAttr);
        for (int i = 0; i < m; i++) {
            Vgg16.Conv c = convs.get(i);
            float[] k = kernels.get(i);
            if (k.length != 9 * c.in() * c.out() || biases.get(i).length != c.out()) {
                throw new IllegalArgumentException(c.name() + ": expected " + c.out() + "x" + c.in() + "x3x3 kernel");
            }
            FloatPointer kp = new FloatPointer(k.length);
            kp.put(k);
            oihw.add(kp);
            FloatPointer bp = new FloatPointer(c.out());
            bp.put(biases.get(i));
            frozenBias.add(bp);
            if (trainable(i)) {
                b[i] = alignedZeros(c.out());
                b[i].assign(Nd4j.create(biases.get(i), new long[] {c.out()}, DataType.FLOAT));
                gb[i] = alignedZeros(c.out());
                bMem[i] = memory(md(new long[] {c.out()}, dnnl_x), b[i].data().addressPointer());
                gbMem[i] = memory(md(new long[] {c.out()}, dnnl_x), gb[i].data().addressPointer());
            }
        }
    }

    public boolean trainable(int conv) {
        return convs.get(conv).block() >= firstTrainable;
    }

    public int convCount() {
        return convs.size();
    }

    public Vgg16.Conv conv(int i) {
        return convs.get(i);
    }

    /** Trainable parameters and their gradients, in matching order: kernel, bias per trainable convolution. */
    public List<INDArray[]> parametersAndGradients() {
        requireMaster();
        List<INDArray[]> out = new ArrayList<>();
        for (int i = 0; i < convs.size(); i++) {
            if (trainable(i)) {
                out.add(new INDArray[] {w[i], gw[i]});
                out.add(new INDArray[] {b[i], gb[i]});
            }
        }
        return out;
    }

    /** A trainable convolution's kernel as DL4J's [out, in, 3, 3] row-major floats. */
    public float[] kernel(int i) {
        requireMaster();
        return oihwOf(i, wMem[i]);
    }

    /** The last {@link #backward}'s gradient of a trainable kernel, as DL4J's [out, in, 3, 3] row-major floats. */
    public float[] kernelGradient(int i) {
        requireMaster();
        return oihwOf(i, gwMem[i]);
    }

    public float[] biasGradient(int i) {
        return gb[i].dup().data().asFloat();
    }

    private float[] oihwOf(int i, dnnl_memory from) {
        Vgg16.Conv c = convs.get(i);
        FloatPointer out = new FloatPointer(9L * c.in() * c.out());
        dnnl_memory to = memory(md(new long[] {c.out(), c.in(), 3, 3}, dnnl_oihw), out);
        reorderNow(engine, stream, from, to);
        dnnl_memory_destroy(to);
        float[] k = new float[9 * c.in() * c.out()];
        out.get(k);
        out.close();
        return k;
    }

    public float[] bias(int i) {
        return b[i].dup().data().asFloat();
    }

    /** Rows of the last pool layer, NHWC, for {@code n} NHWC input rows; keeps what backward needs. */
    public float[] forward(float[] x, int n) {
        Plan p = plan(n);
        p.input.put(x, 0, p.inputFloats);
        run(p.fwd);
        float[] out = new float[p.outputFloats];
        p.output.get(out);
        return out;
    }

    /**
     * Backward from the gradient of the loss at the last pool layer's output (NHWC, same {@code n} as the last
     * {@link #forward}); overwrites the gradients of the trainable parameters.
     */
    public void backward(float[] diffOut, int n) {
        Plan p = plans.get(n);
        if (p == null || p.bwd.isEmpty()) {
            throw new IllegalStateException("backward needs a forward of " + n + " rows and trainable blocks");
        }
        p.diffOut.put(diffOut, 0, p.outputFloats);
        run(p.bwd);
    }

    /**
     * Makes {@link #backward} also compute the gradient at the input rows (one more backward-data convolution), for
     * {@link #inputGradient}. Only when every block is trainable, and before the first {@link #forward}.
     */
    public void keepInputGradient() {
        if (firstTrainable != firstBlock || !plans.isEmpty()) {
            throw new IllegalStateException("the input gradient needs all blocks trainable and no plan yet");
        }
        inputGradient = true;
    }

    /** The last {@link #backward}'s gradient at its {@code n} input rows, NHWC floats. */
    public float[] inputGradient(int n) {
        Plan p = plans.get(n);
        if (p == null || p.diffIn == null) {
            throw new IllegalStateException("inputGradient needs keepInputGradient and a backward of " + n + " rows");
        }
        float[] out = new float[p.inputFloats];
        p.diffIn.get(out);
        return out;
    }

    /** Floats per output row (the last pool layer's h * w * c). */
    public int outputDim() {
        int side = side0 >> (Vgg16.BLOCKS - firstBlock + 1);
        return side * side * 512;
    }

    private void run(List<Step> steps) {
        OneDnn.run(steps, stream);
    }

    private void requireMaster() {
        if (closed) {
            throw new IllegalStateException("OneDnnBlocks is closed");
        }
        for (int i = 0; i < convs.size(); i++) {
            if (trainable(i) && w[i] == null) {
                plan(1);
                return;
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        plans.values().forEach(Plan::free);
        plans.clear();
        for (dnnl_memory[] ms : List.of(wMem, bMem, gwMem, gbMem)) {
            for (dnnl_memory mm : ms) {
                if (mm != null) {
                    dnnl_memory_destroy(mm);
                }
            }
        }
        oihw.forEach(Pointer::close);
        frozenBias.forEach(Pointer::close);
        owned.forEach(Pointer::close); // w, b, gw and gb are not to be used after this
        dnnl_primitive_attr_destroy(reluAttr);
        dnnl_stream_destroy(stream);
        dnnl_engine_destroy(engine);
    }

    // ---- plans --------------------------------------------------------------------------------------------

    private record Mem(dnnl_memory mem, dnnl_memory_desc_t md) {}

    /** Primitives and buffers for one batch size: forward steps (saving activations) and backward steps. */
    private final class Plan extends PlanMemory {
        final int n;
        final List<Step> fwd = new ArrayList<>();
        final List<Step> bwd = new ArrayList<>();
        FloatPointer input;
        FloatPointer output;
        FloatPointer diffOut;
        FloatPointer diffIn;
        int inputFloats;
        int outputFloats;
        dnnl_memory_desc_t outMd;
        /** Per convolution: its forward descriptor (the backward ones' hint), source and fused-ReLU output. */
        final dnnl_primitive_desc[] convPd;
        final Mem[] convW;
        final Mem[] convSrc;
        final Mem[] convDst;
        /** Per trainable block: the pooling's forward descriptor, and {src, workspace, dst}. */
        final Map<Integer, dnnl_primitive_desc> poolPd = new HashMap<>();
        final Map<Integer, Mem[]> poolMems = new HashMap<>();

        Plan(int n, int convCount) {
            super(engine);
            this.n = n;
            convPd = new dnnl_primitive_desc[convCount];
            convW = new Mem[convCount];
            convSrc = new Mem[convCount];
            convDst = new Mem[convCount];
        }

        Mem wrap(dnnl_memory_desc_t md, Pointer data) {
            return new Mem(memory(md, data), md);
        }

        Mem alloc(dnnl_memory_desc_t md) {
            return wrap(md, aligned(dnnl_memory_desc_get_size(md)));
        }

        /** {@code have} in layout {@code want}: itself, or a new buffer filled by a reorder added to {@code steps}. */
        Mem ensure(Mem have, dnnl_memory_desc_t want, List<Step> steps, String name) {
            if (dnnl_memory_desc_equal(have.md, want) != 0 && OneDnnBlocks.aligned(have.mem)) {
                return have;
            }
            Mem to = alloc(want);
            reorder(have, to, steps, name);
            return to;
        }

        void reorder(Mem from, Mem to, List<Step> steps, String name) {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            check(dnnl_reorder_primitive_desc_create(pd, from.md, engine, to.md, engine, null), "reorder pd " + name);
            steps.add(new Step("reorder_" + name, keep(pd), args(DNNL_ARG_FROM, from.mem, DNNL_ARG_TO, to.mem), 2));
        }

        @Override
        public void free() {
            fwd.forEach(Step::destroy);
            bwd.forEach(Step::destroy);
            super.free();
        }
    }

    private Plan plan(int n) {
        if (closed) {
            throw new IllegalStateException("OneDnnBlocks is closed");
        }
        Plan existing = plans.get(n);
        if (existing != null) {
            return existing;
        }
        Plan p = new Plan(n, convs.size());
        planForward(p);
        planBackward(p);
        plans.put(n, p);
        return p;
    }

    /** The forward steps of plan {@code p}, up to its NHWC output. */
    private void planForward(Plan p) {
        int inC = convs.get(0).in();
        p.inputFloats = p.n * side0 * side0 * inC;
        p.input = p.own(new FloatPointer(p.inputFloats));
        Mem cur = p.wrap(md(new long[] {p.n, inC, side0, side0}, dnnl_nhwc), p.input);
        int side = side0;
        List<Step> once = new ArrayList<>();
        for (int i = 0; i < convs.size(); i++) {
            cur = convForward(p, i, side, cur, once);
            if (lastInBlock(i)) {
                cur = poolForward(p, i, side, cur);
                side /= 2;
            }
        }
        run(once); // frozen kernels into their layout, once per plan
        p.outputFloats = p.n * side * side * 512;
        p.output = p.own(new FloatPointer(p.outputFloats));
        Mem out = p.wrap(md(new long[] {p.n, 512, side, side}, dnnl_nhwc), p.output);
        p.reorder(cur, out, p.fwd, "out");
        p.outMd = out.md;
    }

    private boolean lastInBlock(int i) {
        return i + 1 == convs.size() || convs.get(i + 1).block() != convs.get(i).block();
    }

    /** Convolution {@code i} with fused bias and ReLU on maps of {@code side}; frozen kernels reorder in {@code once}. */
    private Mem convForward(Plan p, int i, int side, Mem cur, List<Step> once) {
        Vgg16.Conv c = convs.get(i);
        boolean train = trainable(i);
        int n = p.n;
        // Trainable convolutions may try Winograd first (winogradByDefault); frozen ones, forward only, stay direct.
        dnnl_primitive_desc pd = p.keep(firstCreated(train ? convAlgs : DIRECT_ONLY, alg -> {
            dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
            check(dnnl_convolution_forward_desc_init(d, train ? dnnl_forward_training : dnnl_forward_inference,
                    alg, md(new long[] {n, c.in(), side, side}, dnnl_format_tag_any, inner),
                    md(new long[] {c.out(), c.in(), 3, 3}, dnnl_format_tag_any, inner), md(new long[] {c.out()}, dnnl_x),
                    md(new long[] {n, c.out(), side, side}, dnnl_format_tag_any, inner), STRIDE1, PAD1, PAD1),
                    "conv desc " + c.name());
            return tryCreate(d, reluAttr, null);
        }, "conv pd " + c.name()));
        Mem src = p.ensure(cur, query(pd, dnnl_query_src_md), p.fwd, c.name() + "_src");
        dnnl_memory_desc_t wantW = query(pd, dnnl_query_weights_md);
        Mem weights;
        dnnl_memory bias;
        if (train) {
            if (w[i] == null) {
                allocateMaster(i, wantW);
            }
            weights = p.ensure(new Mem(wMem[i], masterMd[i]), wantW, p.fwd, c.name() + "_w");
            bias = bMem[i];
        } else {
            Mem user = p.wrap(md(new long[] {c.out(), c.in(), 3, 3}, dnnl_oihw), oihw.get(i));
            weights = p.ensure(user, wantW, once, c.name() + "_w");
            bias = p.wrap(md(new long[] {c.out()}, dnnl_x), frozenBias.get(i)).mem;
        }
        Mem dst = p.alloc(query(pd, dnnl_query_dst_md));
        p.fwd.add(new Step(c.name(), pd, args(DNNL_ARG_SRC, src.mem, DNNL_ARG_WEIGHTS, weights.mem,
                DNNL_ARG_BIAS, bias, DNNL_ARG_DST, dst.mem), 4));
        p.convPd[i] = pd;
        p.convW[i] = weights;
        p.convSrc[i] = src;
        p.convDst[i] = dst;
        return dst;
    }

    /** 2x2/2 max pooling after convolution {@code i}, the last of its block; trainable blocks keep a workspace. */
    private Mem poolForward(Plan p, int i, int side, Mem cur) {
        Vgg16.Conv c = convs.get(i);
        boolean train = trainable(i);
        dnnl_pooling_desc_t pdsc = new dnnl_pooling_desc_t();
        check(dnnl_pooling_forward_desc_init(pdsc, train ? dnnl_forward_training : dnnl_forward_inference,
                dnnl_pooling_max, cur.md, md(new long[] {p.n, c.out(), side / 2, side / 2}, dnnl_format_tag_any, inner),
                POOL2, POOL2, PAD0, PAD0), "pool desc");
        dnnl_primitive_desc pool = p.keep(create(pdsc, null, null, "pool pd"));
        Mem pdst = p.alloc(query(pool, dnnl_query_dst_md));
        if (train) {
            Mem ws = p.alloc(query(pool, dnnl_query_workspace_md));
            p.fwd.add(new Step("block" + c.block() + "_pool", pool, args(DNNL_ARG_SRC, cur.mem, DNNL_ARG_DST,
                    pdst.mem, DNNL_ARG_WORKSPACE, ws.mem), 3));
            p.poolMems.put(c.block(), new Mem[] {cur, ws, pdst});
        } else {
            p.fwd.add(new Step("block" + c.block() + "_pool", pool, args(DNNL_ARG_SRC, cur.mem, DNNL_ARG_DST,
                    pdst.mem), 2));
        }
        p.poolPd.put(c.block(), pool);
        return pdst;
    }

    /** Backward through the trainable blocks, top down, from the NHWC gradient at the output. */
    private void planBackward(Plan p) {
        p.diffOut = p.own(new FloatPointer(p.outputFloats));
        Mem diff = p.wrap(p.outMd, p.diffOut);
        for (int i = convs.size() - 1; i >= 0 && trainable(i); i--) {
            if (lastInBlock(i)) {
                diff = poolBackward(p, i, diff);
            }
            Mem dz = reluBackward(p, i, diff);
            if (inner == dnnl_bf16 && sideOf(i) <= GEMM_MAX_SIDE) {
                weightsBackwardByGemm(p, i, dz);
            } else {
                weightsBackward(p, i, dz);
            }
            if (i > 0 && trainable(i - 1) || i == 0 && inputGradient) {
                diff = dataBackward(p, i, dz);
            }
        }
        if (inputGradient) {
            p.diffIn = p.own(new FloatPointer(p.inputFloats));
            int inC = convs.get(0).in();
            p.reorder(diff, p.wrap(md(new long[] {p.n, inC, side0, side0}, dnnl_nhwc), p.diffIn), p.bwd, "diff_in");
        }
    }

    private Mem poolBackward(Plan p, int i, Mem diff) {
        Vgg16.Conv c = convs.get(i);
        Mem[] pm = p.poolMems.get(c.block());
        dnnl_pooling_desc_t pdsc = new dnnl_pooling_desc_t();
        check(dnnl_pooling_backward_desc_init(pdsc, dnnl_pooling_max, pm[0].md, pm[2].md, POOL2, POOL2, PAD0,
                PAD0), "pool bwd desc");
        dnnl_primitive_desc pb = p.keep(create(pdsc, null, p.poolPd.get(c.block()), "pool bwd pd"));
        Mem dd = p.ensure(diff, query(pb, dnnl_query_diff_dst_md), p.bwd, c.name() + "_pool_dd");
        Mem ds = p.alloc(query(pb, dnnl_query_diff_src_md));
        p.bwd.add(new Step("block" + c.block() + "_pool_bwd", pb, args(DNNL_ARG_DIFF_DST, dd.mem,
                DNNL_ARG_DIFF_SRC, ds.mem, DNNL_ARG_WORKSPACE, pm[1].mem), 3));
        return ds;
    }

    /** ReLU backward from its output (the convolution's fused output): dz = dy where y > 0. */
    private Mem reluBackward(Plan p, int i, Mem diff) {
        Vgg16.Conv c = convs.get(i);
        dnnl_memory_desc_t y = p.convDst[i].md;
        dnnl_eltwise_desc_t ef = new dnnl_eltwise_desc_t();
        check(dnnl_eltwise_forward_desc_init(ef, dnnl_forward_training, dnnl_eltwise_relu_use_dst_for_bwd, y, 0f,
                0f), "relu fwd desc");
        dnnl_primitive_desc hint = p.keep(create(ef, null, null, "relu fwd pd"));
        dnnl_eltwise_desc_t eb = new dnnl_eltwise_desc_t();
        check(dnnl_eltwise_backward_desc_init(eb, dnnl_eltwise_relu_use_dst_for_bwd, y, y, 0f, 0f), "relu bwd desc");
        dnnl_primitive_desc rb = p.keep(create(eb, null, hint, "relu bwd pd"));
        Mem dy = p.ensure(diff, query(rb, dnnl_query_diff_dst_md), p.bwd, c.name() + "_relu_dd");
        Mem dz = p.alloc(query(rb, dnnl_query_diff_src_md));
        p.bwd.add(new Step(c.name() + "_relu_bwd", rb, args(DNNL_ARG_DST, p.convDst[i].mem, DNNL_ARG_DIFF_DST,
                dy.mem, DNNL_ARG_DIFF_SRC, dz.mem), 3));
        return dz;
    }

    /** The kernel and bias gradients of convolution {@code i} from {@code dz}, into the master layout. */
    private void weightsBackward(Plan p, int i, Mem dz) {
        Vgg16.Conv c = convs.get(i);
        dnnl_primitive_desc wpd = p.keep(firstCreated(convAlgs, alg -> {
            dnnl_convolution_desc_t bw = new dnnl_convolution_desc_t();
            // Kernel and bias gradients in f32 (oneDNN accumulates them in f32 and writes them out unrounded).
            check(dnnl_convolution_backward_weights_desc_init(bw, alg, activationMd(p, i, c.in()),
                    md(new long[] {c.out(), c.in(), 3, 3}, dnnl_format_tag_any), md(new long[] {c.out()}, dnnl_x),
                    activationMd(p, i, c.out()), STRIDE1, PAD1, PAD1), "conv bwd weights desc " + c.name());
            return tryCreate(bw, null, p.convPd[i]);
        }, "conv bwd weights pd " + c.name()));
        Mem src = p.ensure(p.convSrc[i], query(wpd, dnnl_query_src_md), p.bwd, c.name() + "_bw_src");
        Mem dzw = p.ensure(dz, query(wpd, dnnl_query_diff_dst_md), p.bwd, c.name() + "_bw_dd");
        dnnl_memory_desc_t wantGw = query(wpd, dnnl_query_diff_weights_md);
        Mem master = new Mem(gwMem[i], masterMd[i]);
        boolean direct = dnnl_memory_desc_equal(wantGw, masterMd[i]) != 0 && aligned(gwMem[i]);
        Mem gwOut = direct ? master : p.alloc(wantGw);
        p.bwd.add(new Step(c.name() + "_bwd_weights", wpd, args(DNNL_ARG_SRC, src.mem, DNNL_ARG_DIFF_DST, dzw.mem,
                DNNL_ARG_DIFF_WEIGHTS, gwOut.mem, DNNL_ARG_DIFF_BIAS, gbMem[i]), 4));
        if (!direct) {
            p.reorder(gwOut, master, p.bwd, c.name() + "_gw");
        }
    }

    /**
     * Largest map side whose bf16 kernel gradients go through {@link Im2col} and a bf16 matrix product instead of
     * oneDNN's bf16 backward-weights convolution, which on AVX512_BF16 without AMX (oneDNN 2.5's jit_bf16 kernel)
     * took about 2.3 s per block-5 convolution at batch 256 on 3x3 maps: six times its fp32 Winograd.
     */
    static final int GEMM_MAX_SIDE = 6;

    private int sideOf(int i) {
        return side0 >> (convs.get(i).block() - firstBlock);
    }

    /** An activation of convolution {@code i}'s map size with {@code channels} channels, layout left to oneDNN. */
    private dnnl_memory_desc_t activationMd(Plan p, int i, int channels) {
        int side = sideOf(i);
        return md(new long[] {p.n, channels, side, side}, dnnl_format_tag_any, inner);
    }

    /**
     * The kernel and bias gradients of bf16 convolution {@code i} as one matrix product, f32 out: im2col(src)^T dz,
     * where the im2col matrix's last column of ones turns the product's last row into the bias gradient.
     */
    private void weightsBackwardByGemm(Plan p, int i, Mem dz) {
        Vgg16.Conv c = convs.get(i);
        int n = p.n;
        int side = sideOf(i);
        long rows = (long) n * side * side;
        long cols = Im2col.columns(c.in());
        Mem src = p.ensure(p.convSrc[i], md(new long[] {n, c.in(), side, side}, dnnl_nhwc, dnnl_bf16), p.bwd,
                c.name() + "_gw_src");
        Mem dzr = p.ensure(dz, md(new long[] {n, c.out(), side, side}, dnnl_nhwc, dnnl_bf16), p.bwd,
                c.name() + "_gw_dd");
        Mem col = p.alloc(md(new long[] {rows, cols}, dnnl_ab, dnnl_bf16));
        Pointer srcData = dataOf(src.mem);
        Pointer colData = dataOf(col.mem);
        p.bwd.add(new Step(c.name() + "_im2col", "java", () -> Im2col.fill(srcData, colData, n, side, c.in())));
        dnnl_memory_desc_t a = byStrides(new long[] {cols, rows}, new long[] {1, cols}, dnnl_bf16); // col^T
        dnnl_memory_desc_t b = byStrides(new long[] {rows, c.out()}, new long[] {c.out(), 1}, dnnl_bf16);
        dnnl_memory_desc_t d = md(new long[] {cols, c.out()}, dnnl_ab, dnnl_f32);
        dnnl_matmul_desc_t mm = new dnnl_matmul_desc_t();
        check(dnnl_matmul_desc_init(mm, a, b, null, d), "matmul desc " + c.name());
        dnnl_primitive_desc pd = p.keep(create(mm, null, null, "matmul pd " + c.name()));
        Mem dst = p.alloc(d);
        p.bwd.add(new Step(c.name() + "_bwd_weights", pd, args(DNNL_ARG_SRC, p.wrap(a, colData).mem,
                DNNL_ARG_WEIGHTS, p.wrap(b, dataOf(dzr.mem)).mem, DNNL_ARG_DST, dst.mem), 3));
        // The product's rows are (kh, kw, in), then the bias: read as [out, in, 3, 3] through strides.
        Pointer dstData = dataOf(dst.mem);
        long oc = c.out();
        Mem kernel = p.wrap(byStrides(new long[] {oc, c.in(), 3, 3}, new long[] {1, oc, 3 * c.in() * oc, c.in() * oc},
                dnnl_f32), dstData);
        p.reorder(kernel, new Mem(gwMem[i], masterMd[i]), p.bwd, c.name() + "_gw");
        Mem bias = p.wrap(md(new long[] {oc}, dnnl_x), new BytePointer(dstData).position(4 * (cols - 1) * oc));
        p.reorder(bias, new Mem(gbMem[i], md(new long[] {oc}, dnnl_x)), p.bwd, c.name() + "_gb");
    }

    private static dnnl_memory_desc_t byStrides(long[] dims, long[] strides, int type) {
        dnnl_memory_desc_t md = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_strides(md, dims.length, dims, type, strides), "memory_desc_init_by_strides");
        return md;
    }

    private static Pointer dataOf(dnnl_memory m) {
        PointerPointer<Pointer> handle = new PointerPointer<>(1);
        check(dnnl_memory_get_data_handle(m, handle), "memory_get_data_handle");
        return handle.get(0);
    }

    /** The gradient at convolution {@code i}'s input, from {@code dz}. */
    private Mem dataBackward(Plan p, int i, Mem dz) {
        Vgg16.Conv c = convs.get(i);
        dnnl_primitive_desc dpd = p.keep(firstCreated(convAlgs, alg -> {
            dnnl_convolution_desc_t bd = new dnnl_convolution_desc_t();
            check(dnnl_convolution_backward_data_desc_init(bd, alg, activationMd(p, i, c.in()),
                    md(new long[] {c.out(), c.in(), 3, 3}, dnnl_format_tag_any, inner),
                    activationMd(p, i, c.out()), STRIDE1, PAD1, PAD1), "conv bwd data desc " + c.name());
            return tryCreate(bd, null, p.convPd[i]);
        }, "conv bwd data pd " + c.name()));
        // In bf16 the forward pass's bf16 copy of the kernel, so the master is converted once per step.
        Mem kernel = inner == dnnl_f32 ? new Mem(wMem[i], masterMd[i]) : p.convW[i];
        Mem wts = p.ensure(kernel, query(dpd, dnnl_query_weights_md), p.bwd, c.name() + "_bd_w");
        Mem dzd = p.ensure(dz, query(dpd, dnnl_query_diff_dst_md), p.bwd, c.name() + "_bd_dd");
        Mem dsrc = p.alloc(query(dpd, dnnl_query_diff_src_md));
        p.bwd.add(new Step(c.name() + "_bwd_data", dpd, args(DNNL_ARG_WEIGHTS, wts.mem, DNNL_ARG_DIFF_DST,
                dzd.mem, DNNL_ARG_DIFF_SRC, dsrc.mem), 3));
        return dsrc;
    }

    /**
     * A zeroed ND4J float vector whose data starts on an {@code ALIGN}-byte boundary, in native memory this object
     * owns. ND4J's own buffers are only 16-byte aligned, and oneDNN's Winograd kernels read and write weights,
     * biases and their gradients with aligned AVX-512 instructions (unaligned ones crash the process).
     */
    private INDArray alignedZeros(long floats) {
        FloatPointer raw = new FloatPointer(floats + ALIGN / 4);
        Pointer.memset(raw, 0, (floats + ALIGN / 4) * 4);
        owned.add(raw);
        FloatPointer at = new FloatView(raw.address() + (ALIGN - raw.address() % ALIGN) % ALIGN, floats);
        return Nd4j.create(Nd4j.createBuffer(at, DataType.FLOAT, floats,
                org.bytedeco.javacpp.indexer.FloatIndexer.create(at)), new long[] {floats});
    }

    /** A window on memory owned elsewhere: no deallocator of its own. */
    private static final class FloatView extends FloatPointer {
        FloatView(long address, long floats) {
            super((Pointer) null);
            this.address = address;
            this.limit = floats;
            this.capacity = floats;
        }
    }

    /** The trainable kernel {@code i} and its gradient in layout {@code md}, filled from the DL4J kernel. */
    private void allocateMaster(int i, dnnl_memory_desc_t want) {
        dnnl_memory_desc_t copy = new dnnl_memory_desc_t();
        Pointer.memcpy(copy, want, copy.sizeof());
        copy.data_type(dnnl_f32); // in bf16, the master keeps the forward kernel's layout with f32 elements
        masterMd[i] = copy;
        long floats = dnnl_memory_desc_get_size(copy) / 4;
        w[i] = alignedZeros(floats);
        gw[i] = alignedZeros(floats);
        wMem[i] = memory(copy, w[i].data().addressPointer());
        gwMem[i] = memory(copy, gw[i].data().addressPointer());
        Vgg16.Conv c = convs.get(i);
        dnnl_memory from = memory(md(new long[] {c.out(), c.in(), 3, 3}, dnnl_oihw), oihw.get(i));
        reorderNow(engine, stream, from, wMem[i]);
        dnnl_memory_destroy(from);
    }

    private static final int[] DIRECT_ONLY = {dnnl_convolution_direct};

    /**
     * Whether trainable convolutions try Winograd F(4x4, 3x3) before direct: yes unless
     * {@code FROZEN_FINETUNE_CONV=direct}. On the 2-core AVX-512 Xeon, oneDNN 2.5's Winograd kernels ran one block-5
     * convolution at batch 256 on 3x3 maps 1.8x (forward) and 2.8x (backward-weights) as fast as its direct ones,
     * and 1.7x on 6x6 maps. oneDNN has them for AVX-512 only; elsewhere direct is used. Winograd rounds differently
     * from direct convolution: gradients agree with DL4J's to the same tolerance, but entries that are float noise
     * (a sum that cancels) can differ in sign, and Adam turns those into different +-lr steps.
     */
    public static boolean winogradByDefault() {
        String v = System.getProperty("frozen.finetune.conv", System.getenv("FROZEN_FINETUNE_CONV"));
        return v == null || !v.trim().equalsIgnoreCase("direct");
    }

    /** Whether a memory's data starts on an {@code ALIGN}-byte boundary. */
    private static boolean aligned(dnnl_memory m) {
        PointerPointer<Pointer> handle = new PointerPointer<>(1);
        check(dnnl_memory_get_data_handle(m, handle), "memory_get_data_handle");
        return handle.get(0).address() % ALIGN == 0;
    }

    /** The primitive descriptor of the first algorithm oneDNN implements here; the last one must exist. */
    private static dnnl_primitive_desc firstCreated(int[] algs, java.util.function.IntFunction<dnnl_primitive_desc> make,
            String what) {
        for (int alg : algs) {
            dnnl_primitive_desc pd = make.apply(alg);
            if (pd != null) {
                return pd;
            }
        }
        throw new IllegalStateException("oneDNN " + what + " failed: no implementation for this shape and CPU");
    }

    /** A primitive descriptor, or null when oneDNN has no implementation for it (any other failure throws). */
    private dnnl_primitive_desc tryCreate(Pointer desc, dnnl_primitive_attr attr, dnnl_primitive_desc hint) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        int status = dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(desc), attr, engine, hint);
        if (status == dnnl_unimplemented) {
            return null;
        }
        check(status, "primitive_desc_create");
        return pd;
    }

    private dnnl_primitive_desc create(Pointer desc, dnnl_primitive_attr attr, dnnl_primitive_desc hint, String what) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(desc), attr, engine, hint), what);
        return pd;
    }

    /** Implementation names of the forward and backward primitives for {@code n} rows (bench and tests). */
    public List<String> describe(int n) {
        Plan p = plan(n);
        List<String> out = new ArrayList<>();
        for (List<Step> steps : List.of(p.fwd, p.bwd)) {
            for (Step s : steps) {
                out.add(s.name + "=" + s.impl);
            }
        }
        return out;
    }

    private static dnnl_memory_desc_t query(dnnl_primitive_desc pd, int what) {
        return dnnl_primitive_desc_query_md(pd, what, 0);
    }

    private dnnl_memory memory(dnnl_memory_desc_t md, Pointer data) {
        return OneDnn.memory(engine, md, data);
    }
}
