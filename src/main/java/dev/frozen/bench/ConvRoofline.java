package dev.frozen.bench;

import static dev.frozen.backbone.OneDnn.check;
import static dev.frozen.backbone.OneDnn.md;
import static org.bytedeco.dnnl.global.dnnl.*;

import dev.frozen.backbone.OneDnn;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The conv-op roofline that benchmarks compare the whole network against: one large 3x3 convolution
 * (bias and fused ReLU, blocked layouts) run through oneDNN as {@code backbone.OneDnnBase} runs its layers. Only
 * {@code frozen bench} uses it; every native handle it creates is freed before {@link #measure} returns.
 */
final class ConvRoofline {
    private ConvRoofline() {}

    /** Best-of-{@code reps} GFLOP/s of an {@code ic -> oc} 3x3 convolution on {@code side x side} maps, batch {@code n}. */
    static Result measure(int ic, int oc, int side, int n, int reps) {
        try (Conv conv = new Conv(ic, oc, side, n)) {
            double flop = 2.0 * n * side * side * 9.0 * ic * oc;
            conv.run();
            double best = Double.MAX_VALUE;
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                conv.run();
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            return new Result(flop / best / 1e9, conv.kernel);
        }
    }

    /** Throughput and the name of the kernel oneDNN chose (e.g. {@code brgconv:avx512_core}). */
    record Result(double gflops, String kernel) {}

    /** The convolution, set up once; {@link #run()} executes it and waits; {@link #close()} frees every handle. */
    private static final class Conv implements AutoCloseable {
        final dnnl_engine engine = new dnnl_engine();
        final dnnl_stream stream = new dnnl_stream();
        final dnnl_primitive_attr attr = new dnnl_primitive_attr();
        final dnnl_primitive_desc pd = new dnnl_primitive_desc();
        final dnnl_primitive p = new dnnl_primitive();
        final dnnl_memory[] mems = new dnnl_memory[4];
        final dnnl_exec_arg_t args = new dnnl_exec_arg_t(4);
        final String kernel;

        Conv(int ic, int oc, int side, int n) {
            OneDnn.openCpu(engine, stream);
            OneDnn.reluPostOp(attr);
            dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
            check(dnnl_convolution_forward_desc_init(d, dnnl_forward_inference, dnnl_convolution_direct,
                    md(new long[] {n, ic, side, side}, dnnl_format_tag_any), md(new long[] {oc, ic, 3, 3}, dnnl_format_tag_any),
                    md(new long[] {oc}, dnnl_x), md(new long[] {n, oc, side, side}, dnnl_format_tag_any),
                    OneDnn.STRIDE1, OneDnn.PAD1, OneDnn.PAD1), "convolution_forward_desc_init");
            check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(d), attr, engine, null), "primitive_desc_create");
            kernel = OneDnn.impl(pd);
            int[] queries = {dnnl_query_src_md, dnnl_query_weights_md, dnnl_query_weights_md, dnnl_query_dst_md};
            int[] index = {0, 0, 1, 0};
            int[] roles = {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST};
            for (int i = 0; i < 4; i++) {
                mems[i] = mem(dnnl_primitive_desc_query_md(pd, queries[i], index[i]), engine);
                args.position(i).arg(roles[i]).memory(mems[i]);
            }
            args.position(0);
            check(dnnl_primitive_create(p, pd), "primitive_create");
        }

        void run() {
            check(dnnl_primitive_execute(p, stream, 4, args), "primitive_execute");
            check(dnnl_stream_wait(stream), "stream_wait");
        }

        @Override
        public void close() {
            dnnl_primitive_destroy(p);
            dnnl_primitive_desc_destroy(pd);
            for (dnnl_memory m : mems) {
                if (m != null) {
                    dnnl_memory_destroy(m); // frees the buffer oneDNN allocated for it
                }
            }
            dnnl_primitive_attr_destroy(attr);
            dnnl_stream_destroy(stream);
            dnnl_engine_destroy(engine);
        }
    }

    private static dnnl_memory mem(dnnl_memory_desc_t md, dnnl_engine engine) {
        // Let oneDNN allocate: DNNL_MEMORY_ALLOCATE is ((void *) -1).
        dnnl_memory m = OneDnn.memory(engine, md, new org.bytedeco.javacpp.Pointer() {
            {
                address = -1;
            }
        });
        // Zero it: uninitialised memory can hold denormals, which would make the timing meaningless.
        PointerPointer<org.bytedeco.javacpp.Pointer> handle = new PointerPointer<>(1);
        check(dnnl_memory_get_data_handle(m, handle), "memory_get_data_handle");
        org.bytedeco.javacpp.Pointer.memset(handle.get(0), 0, dnnl_memory_desc_get_size(md));
        return m;
    }
}
