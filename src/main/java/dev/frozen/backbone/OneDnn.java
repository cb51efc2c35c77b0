package dev.frozen.backbone;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The small pieces of oneDNN's C API that both oneDNN users share, the frozen base ({@link OneDnnBase}) and the
 * fine-tuned blocks ({@code training.OneDnnBlocks}): VGG16's convolution and pooling geometry, status checks, memory
 * descriptors, memories, execution arguments and the name of the kernel oneDNN chose.
 */
public final class OneDnn {
    /** Alignment of buffers oneDNN reads with vector loads. */
    public static final long ALIGN = 64;
    public static final long[] STRIDE1 = {1, 1};
    public static final long[] PAD1 = {1, 1};
    public static final long[] POOL2 = {2, 2};
    public static final long[] PAD0 = {0, 0};

    private OneDnn() {}

    /** Fails with the call's name and status unless oneDNN reported success. */
    public static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN " + what + " failed with status " + status);
        }
    }

    /** Creates the CPU engine and a stream on it into the given handles, which their caller destroys. */
    public static void openCpu(dnnl_engine engine, dnnl_stream stream) {
        check(dnnl_engine_create(engine, dnnl_cpu, 0), "engine_create");
        check(dnnl_stream_create(stream, engine, dnnl_stream_default_flags), "stream_create");
    }

    /** Creates {@code attr} with ReLU as its one post-op, which oneDNN fuses after the primitive (after its bias). */
    public static void reluPostOp(dnnl_primitive_attr attr) {
        dnnl_post_ops ops = new dnnl_post_ops();
        check(dnnl_post_ops_create(ops), "post_ops_create");
        check(dnnl_post_ops_append_eltwise(ops, 1f, dnnl_eltwise_relu, 0f, 0f), "post_ops_append_eltwise");
        check(dnnl_primitive_attr_create(attr), "primitive_attr_create");
        check(dnnl_primitive_attr_set_post_ops(attr, ops), "primitive_attr_set_post_ops");
        dnnl_post_ops_destroy(ops); // the attr keeps its own copy
    }

    public static dnnl_memory_desc_t md(long[] dims, int tag) {
        return md(dims, tag, dnnl_f32);
    }

    public static dnnl_memory_desc_t md(long[] dims, int tag, int type) {
        dnnl_memory_desc_t md = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(md, dims.length, dims, type, tag), "memory_desc_init");
        return md;
    }

    /** A memory over {@code data}, which the caller owns and keeps alive. */
    public static dnnl_memory memory(dnnl_engine engine, dnnl_memory_desc_t md, Pointer data) {
        dnnl_memory m = new dnnl_memory();
        check(dnnl_memory_create(m, md, engine, data), "memory_create");
        return m;
    }

    /** Copies {@code from} into {@code to} now, converting layout or type as their descriptors say. */
    public static void reorderNow(dnnl_engine engine, dnnl_stream stream, dnnl_memory from, dnnl_memory to) {
        PointerPointer<dnnl_memory_desc_t> fromMd = new PointerPointer<>(1);
        PointerPointer<dnnl_memory_desc_t> toMd = new PointerPointer<>(1);
        check(dnnl_memory_get_memory_desc(from, fromMd), "get md");
        check(dnnl_memory_get_memory_desc(to, toMd), "get md");
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_reorder_primitive_desc_create(pd, fromMd.get(dnnl_memory_desc_t.class, 0), engine,
                toMd.get(dnnl_memory_desc_t.class, 0), engine, null), "reorder pd");
        dnnl_primitive r = new dnnl_primitive();
        check(dnnl_primitive_create(r, pd), "reorder");
        dnnl_exec_arg_t a = args(DNNL_ARG_FROM, from, DNNL_ARG_TO, to);
        check(dnnl_primitive_execute(r, stream, 2, a), "reorder");
        check(dnnl_stream_wait(stream), "stream_wait");
        a.close();
        dnnl_primitive_destroy(r);
        dnnl_primitive_desc_destroy(pd);
    }

    /** Execution arguments from pairs ({@code DNNL_ARG_*} int, memory). */
    public static dnnl_exec_arg_t args(Object... kv) {
        int n = kv.length / 2;
        dnnl_exec_arg_t a = new dnnl_exec_arg_t(n);
        for (int i = 0; i < n; i++) {
            a.position(i).arg((Integer) kv[2 * i]).memory((dnnl_memory) kv[2 * i + 1]);
        }
        return a.position(0);
    }

    /**
     * One primitive of a plan with its execution arguments, or a step computed outside oneDNN's primitives (an
     * action, such as {@link SmallMapConv}). The primitive descriptor stays its creator's to destroy; {@link #destroy()}
     * frees the primitive and the arguments.
     */
    public static final class Step {
        public final String name;
        public final String impl;
        /** The primitive's descriptor; null for an action. */
        public final dnnl_primitive_desc pd;
        private final dnnl_primitive primitive;
        private final dnnl_exec_arg_t args;
        private final int nargs;
        private final Runnable action;

        public Step(String name, dnnl_primitive_desc pd, dnnl_exec_arg_t args, int nargs) {
            this.name = name;
            this.pd = pd;
            this.primitive = new dnnl_primitive();
            check(dnnl_primitive_create(primitive, pd), "primitive_create " + name);
            this.impl = impl(pd);
            this.args = args;
            this.nargs = nargs;
            this.action = null;
        }

        /** A step that runs {@code action} in order with the primitives around it. */
        public Step(String name, String impl, Runnable action) {
            this.name = name;
            this.impl = impl;
            this.pd = null;
            this.primitive = null;
            this.args = null;
            this.nargs = 0;
            this.action = action;
        }

        public void destroy() {
            if (primitive != null) {
                dnnl_primitive_destroy(primitive);
                args.close();
            }
        }
    }

    /** Runs the steps in order on {@code stream} and waits for them. */
    public static void run(java.util.List<Step> steps, dnnl_stream stream) {
        for (Step s : steps) {
            if (s.action != null) {
                // The action reads what the primitives before it wrote.
                check(dnnl_stream_wait(stream), "stream_wait");
                s.action.run();
            } else {
                check(dnnl_primitive_execute(s.primitive, stream, s.nargs, s.args), "execute " + s.name);
            }
        }
        check(dnnl_stream_wait(stream), "stream_wait");
    }

    /** The implementation oneDNN picked for a primitive, e.g. {@code brg:avx512_core} or {@code ref:any}. */
    public static String impl(dnnl_primitive_desc pd) {
        PointerPointer<BytePointer> info = new PointerPointer<>(1);
        check(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, info), "query impl");
        String name = info.get(BytePointer.class, 0).getString();
        info.close();
        return name;
    }
}
