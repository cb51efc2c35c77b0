package dev.frozen.backbone;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
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
import org.bytedeco.javacpp.PointerPointer;

/**
 * NOT a test (surefire does not pick it up: the name does not end in Test). A throwaway benchmark and
 * coexistence probe for {@link OneDnnBase}, run by hand:
 *
 * <pre>
 * mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.frozen.backbone.OneDnnBenchmark bench nd4j,onednn 48:128 ...
 * java ... OneDnnBenchmark coexist nd4j-first|dnnl-first
 * java ... OneDnnBenchmark conv 256 256 12 128
 * </pre>
 */
public final class OneDnnBenchmark {
    private OneDnnBenchmark() {}

    public static void main(String[] args) {
        switch (args[0]) {
            case "bench" -> bench(args);
            case "coexist" -> coexist(args[1]);
            case "conv" -> conv(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), args.length > 5 ? Integer.parseInt(args[5]) : 10);
            case "describe" -> {
                try (OneDnnBase b = new OneDnnBase(Vgg16Weights.random(1), "block5_pool")) {
                    b.describe(Integer.parseInt(args[1]), Integer.parseInt(args[2])).forEach(System.out::println);
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static float[] images(int count, int size) {
        Random r = new Random(7);
        float[] x = new float[count * size * size * 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 255 - 120);
        return x;
    }

    static FrozenBase engine(String name, Vgg16Weights w) {
        return switch (name) {
            case "nd4j" -> new Nd4jBase(w, "block5_pool");
            case "onednn" -> new OneDnnBase(w, "block5_pool");
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** bench ENGINES SIZE:BATCH[:REPS] ... -- img/s for each engine, engines interleaved per configuration. */
    static void bench(String[] args) {
        Vgg16Weights w = Vgg16Weights.random(1);
        List<String> names = List.of(args[1].split(","));
        List<FrozenBase> engines = new ArrayList<>();
        for (String n : names) {
            if (n.equals("conv256")) {
                // The roofline reference, interleaved with the networks: 256->256 3x3, 12x12, batch 128.
                Runnable conv = convRunner(256, 256, 12, 128);
                engines.add(new FrozenBase() {
                    public String layer() {
                        return "conv256";
                    }

                    public float[] forward(float[] images, int count, int size) {
                        conv.run();
                        return null;
                    }
                });
            } else {
                engines.add(engine(n, w));
            }
        }
        for (int a = 2; a < args.length; a++) {
            String[] cfg = args[a].split(":");
            int size = Integer.parseInt(cfg[0]), batch = Integer.parseInt(cfg[1]);
            int reps = cfg.length > 2 ? Integer.parseInt(cfg[2]) : 3;
            float[] x = images(batch, size);
            double gflop = Vgg16.flops("block5_pool", size) / 1e9;
            for (FrozenBase e : engines) e.forward(x, batch, size); // warm-up: primitives, weights, JIT
            // Engines interleaved rep by rep, so a burst of load from other processes hits them alike.
            double[][] t = new double[engines.size()][reps];
            for (int r = 0; r < reps; r++) {
                for (int e = 0; e < engines.size(); e++) {
                    long t0 = System.nanoTime();
                    engines.get(e).forward(x, batch, size);
                    t[e][r] = (System.nanoTime() - t0) / 1e9;
                }
            }
            for (int e = 0; e < engines.size(); e++) {
                double[] sorted = t[e].clone();
                java.util.Arrays.sort(sorted);
                double best = sorted[0], median = sorted[reps / 2];
                if (names.get(e).equals("conv256")) {
                    double f = 2.0 * 128 * 12 * 12 * 9 * 256 * 256 / 1e9;
                    System.out.printf("java %-10s 256->256 3x3 12x12 batch 128: best %6.1f GFLOP/s, median %6.1f GFLOP/s%n",
                            "conv256", f / best, f / median);
                    continue;
                }
                System.out.printf("java %-10s size %3d batch %3d reps %d: best %7.1f img/s (%6.1f GFLOP/s), median %7.1f img/s%n",
                        names.get(e), size, batch, reps, batch / best, batch * gflop / best, batch / median);
            }
        }
        engines.forEach(FrozenBase::close);
    }

    static void coexist(String order) {
        Vgg16Weights w = Vgg16Weights.random(1);
        float[] x = images(16, 48);
        List<String> seq = order.equals("nd4j-first") ? List.of("nd4j", "onednn", "nd4j", "onednn")
                : List.of("onednn", "nd4j", "onednn", "nd4j");
        float[] ref = null;
        for (String n : seq) {
            long t0 = System.nanoTime();
            FrozenBase b = engine(n, w);
            long t1 = System.nanoTime();
            float[] y = b.forward(x, 16, 48);
            long t2 = System.nanoTime();
            y = b.forward(x, 16, 48);
            long t3 = System.nanoTime();
            double maxDiff = 0, maxAbs = 0;
            if (ref != null) {
                for (int i = 0; i < y.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(y[i] - ref[i]));
                    maxAbs = Math.max(maxAbs, Math.abs(ref[i]));
                }
            } else {
                ref = y;
                for (float v : y) maxAbs = Math.max(maxAbs, Math.abs(v));
            }
            System.out.printf("%-7s construct %6.0f ms, first forward %6.0f ms, second forward %6.0f ms (%.0f img/s), max rel diff vs first engine %.2e (max abs %.3g)%n",
                    n, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, 16 / ((t3 - t2) / 1e9), maxDiff / Math.max(maxAbs, 1e-30), maxAbs);
            b.close();
        }
        var v = dnnl_version();
        System.out.printf("bytedeco dnnl version %d.%d.%d, cpu runtime %d%n", v.major(), v.minor(), v.patch(), v.cpu_runtime());
        try {
            // Which native libraries ended up in the process: one libgomp or two, both oneDNN copies?
            java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps")).stream()
                    .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(l -> l.matches(".*(gomp|dnnl|nd4j|OpenCL|openblas).*")).distinct()
                    .forEach(l -> System.out.println("mapped: " + l));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One convolution (3x3, same, bias + fused ReLU, blocked layouts) timed the way OneDnnBase runs it. */
    static void conv(int ic, int oc, int side, int n, int reps) {
        Runnable run = convRunner(ic, oc, side, n);
        double flop = 2.0 * n * side * side * 9.0 * ic * oc;
        run.run();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            run.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("conv %d->%d 3x3 %dx%d batch %d [%s]: best %.1f ms, %.1f GFLOP/s%n", ic, oc, side, side, n,
                run, best * 1e3, flop / best / 1e9);
    }

    /** Sets up the convolution once; each run() executes it and waits. toString() names oneDNN's kernel. */
    static Runnable convRunner(int ic, int oc, int side, int n) {
        dnnl_engine engine = new dnnl_engine();
        dnnl_stream stream = new dnnl_stream();
        ok(dnnl_engine_create(engine, dnnl_cpu, 0));
        ok(dnnl_stream_create(stream, engine, dnnl_stream_default_flags));
        dnnl_post_ops ops = new dnnl_post_ops();
        ok(dnnl_post_ops_create(ops));
        ok(dnnl_post_ops_append_eltwise(ops, 1f, dnnl_eltwise_relu, 0f, 0f));
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        ok(dnnl_primitive_attr_create(attr));
        ok(dnnl_primitive_attr_set_post_ops(attr, ops));
        dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
        ok(dnnl_convolution_forward_desc_init(d, dnnl_forward_inference, dnnl_convolution_direct,
                md(new long[] {n, ic, side, side}, dnnl_format_tag_any), md(new long[] {oc, ic, 3, 3}, dnnl_format_tag_any),
                md(new long[] {oc}, dnnl_x), md(new long[] {n, oc, side, side}, dnnl_format_tag_any),
                new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1}));
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        ok(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(d), attr, engine, null));
        PointerPointer<BytePointer> info = new PointerPointer<>(1);
        ok(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, info));
        dnnl_memory src = mem(dnnl_primitive_desc_query_md(pd, dnnl_query_src_md, 0), engine);
        dnnl_memory wei = mem(dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0), engine);
        dnnl_memory bia = mem(dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 1), engine);
        dnnl_memory dst = mem(dnnl_primitive_desc_query_md(pd, dnnl_query_dst_md, 0), engine);
        dnnl_primitive p = new dnnl_primitive();
        ok(dnnl_primitive_create(p, pd));
        dnnl_exec_arg_t a = new dnnl_exec_arg_t(4);
        a.position(0).arg(DNNL_ARG_SRC).memory(src);
        a.position(1).arg(DNNL_ARG_WEIGHTS).memory(wei);
        a.position(2).arg(DNNL_ARG_BIAS).memory(bia);
        a.position(3).arg(DNNL_ARG_DST).memory(dst);
        a.position(0);
        String impl = info.get(BytePointer.class, 0).getString();
        return new Runnable() {
            @Override
            public void run() {
                ok(dnnl_primitive_execute(p, stream, 4, a));
                ok(dnnl_stream_wait(stream));
            }

            @Override
            public String toString() {
                return impl;
            }
        };
    }

    private static dnnl_memory_desc_t md(long[] dims, int tag) {
        dnnl_memory_desc_t md = new dnnl_memory_desc_t();
        ok(dnnl_memory_desc_init_by_tag(md, dims.length, dims, dnnl_f32, tag));
        return md;
    }

    private static dnnl_memory mem(dnnl_memory_desc_t md, dnnl_engine engine) {
        // Let oneDNN allocate: DNNL_MEMORY_ALLOCATE is ((void *) -1).
        dnnl_memory m = new dnnl_memory();
        ok(dnnl_memory_create(m, md, engine, new org.bytedeco.javacpp.Pointer() {
            {
                address = -1;
            }
        }));
        // Zero it: uninitialised memory can hold denormals, which would make the timing meaningless.
        PointerPointer<org.bytedeco.javacpp.Pointer> handle = new PointerPointer<>(1);
        ok(dnnl_memory_get_data_handle(m, handle));
        org.bytedeco.javacpp.Pointer.memset(handle.get(0), 0, dnnl_memory_desc_get_size(md));
        return m;
    }

    private static void ok(int status) {
        if (status != dnnl_success) throw new IllegalStateException("oneDNN status " + status);
    }
}
