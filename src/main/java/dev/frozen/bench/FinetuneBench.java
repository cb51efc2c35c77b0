package dev.frozen.bench;

import dev.frozen.DataError;
import dev.frozen.backbone.Precision;
import dev.frozen.backbone.Vgg16;
import dev.frozen.data.Split;
import dev.frozen.data.SyntheticCifar;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import dev.frozen.heads.CachedLayer;
import dev.frozen.heads.DenseOptions;
import dev.frozen.heads.Heads;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code frozen bench --finetune}: training throughput of {@code fit --head dense --trainable-blocks K} at 48 px on
 * cached activations (block {@code 5-K}'s pool layer), through the oneDNN path and the DL4J layers, against a
 * PyTorch peer training the same blocks and top with Adam on the same rows and batch, with the share of the conv
 * roofline counted from the trainable blocks' forward and backward FLOPs. On CPUs with native bf16 each K also gets
 * a {@code --precision bf16} row, timed in rounds alternating with fp32 on the same rows, and PyTorch's bf16
 * autocast peer.
 */
final class FinetuneBench {
    private FinetuneBench() {}

    static final int SIZE = 48;
    /** Timed rounds per trainer and K, fp32 and bf16 alternating; the best of each is reported. */
    static final int ROUNDS = 2;
    private static final List<String> BF16_FLAGS = List.of("avx512f", "avx512_bf16", "amx_bf16", "amx_tile");

    /** The CPU's model and its bf16-relevant flags, e.g. {@code cpu: AMD EPYC; avx512f avx512_bf16 (no amx_bf16 amx_tile)}. */
    static String cpuLine(String model, String flags) {
        List<String> have = Arrays.asList(flags.trim().split("\\s+"));
        String yes = String.join(" ", BF16_FLAGS.stream().filter(have::contains).toList());
        String no = String.join(" ", BF16_FLAGS.stream().filter(f -> !have.contains(f)).toList());
        return "cpu: " + model + "; " + (yes.isEmpty() ? "none of " + no : no.isEmpty() ? yes : yes + " (no " + no + ")");
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: the model is unknown
        }
        return "unknown CPU";
    }

    /**
     * Forward and backward FLOPs per row of the last {@code k} blocks at {@code size} px: forward, backward-weights
     * and backward-data of every convolution, except backward-data of the lowest (its input needs no gradient).
     */
    static double trainFlops(int k, int size) {
        double total = 0;
        int side = size >> (Vgg16.BLOCKS - k);
        boolean first = true;
        for (int b = Vgg16.BLOCKS + 1 - k; b <= Vgg16.BLOCKS; b++) {
            for (Vgg16.Conv c : Vgg16.convsOfBlock(b)) {
                double f = 2.0 * side * side * 9 * c.in() * c.out();
                total += first ? 2 * f : 3 * f;
                first = false;
            }
            side /= 2;
        }
        return total;
    }

    static void run(PrintWriter out, FrozenCli frozen, dev.frozen.FrozenHome home, Path data, int rows, List<Integer> ks, int batch, int epochs, int dl4jRows,
            String peer, int cores, Path dir, Path root, double roofline) throws IOException, InterruptedException {
        out.printf(Locale.ROOT, "fine-tuning at %d px: %d training rows, batch %d, %d epoch(s), hidden %s, Adam lr %s, "
                + "dropout %s%n", SIZE, rows, batch, epochs, DenseOptions.DEFAULT_HIDDEN, DenseOptions.DEFAULT_LR,
                DenseOptions.DEFAULT_DROPOUT);
        boolean bf16 = Precision.nativeBf16(Precision.cpuFlags());
        out.println(cpuLine(cpuModel(), Precision.cpuFlags()) + (bf16 ? "" : "; no native bf16: fp32 rows only"));
        out.println(String.format(Locale.ROOT, "%-3s %-12s %-14s %7s %9s %10s %9s %s", "K", "cached", "trainer", "rows",
                "rows/s", "GFLOP/s", "roofline", peer == null ? "" : "vs pytorch").stripTrailing());
        out.flush();
        Path images = data != null ? SyntheticCifar.subset(data, dir.resolve("ft-cifar"), rows, 16, home)
                : SyntheticCifar.write(dir.resolve("ft-cifar"), rows, 16, 1);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        for (int k : ks) {
            String layer = "block" + (Vgg16.BLOCKS - k) + "_pool";
            Path features = dir.resolve("ft-features-" + layer);
            frozen.extract(images, SIZE, "onednn", features, cores, Peers.options("layer", layer));
            FeatureEntry entry = FeatureStore.list(features).get(0);
            FeatureSet train = entry.load(Split.TRAIN);
            CachedLayer source = dev.frozen.experiments.fit.CachedLayers.of(entry.manifest(), home);
            double flops = trainFlops(k, SIZE);
            DenseOptions o = DenseOptions.defaults().with("epochs", epochs).with("batch", batch).with("trainable_blocks", k);

            DenseOptions oBf16 = o.with("precision", Precision.BF16);

            Double peerRate = null;
            Double peerBf16 = null;
            if (peer != null) {
                peerRate = runPeer(peer, root, train, source, k, o, cores, dir, false);
                peerBf16 = bf16 ? runPeer(peer, root, train, source, k, o, cores, dir, true) : null;
            }
            // The machine may be shared: the roofline is measured again next to each K's runs.
            roofline = ConvRoofline.measure(256, 256, 12, 128, 5).gflops();
            out.printf(Locale.ROOT, "K=%d: conv roofline now %.1f GFLOP/s%n", k, roofline);
            double fast = 0;
            double fastBf16 = 0;
            for (int round = 0; round < ROUNDS; round++) { // alternating, so a noisy neighbour hits both alike
                fast = Math.max(fast, time(o, train, source, quiet, null));
                if (bf16) {
                    fastBf16 = Math.max(fastBf16, time(oBf16, train, source, quiet, null));
                }
            }
            line(out, k, layer, "frozen-onednn", train.size(), fast, flops, roofline, peerRate);
            if (bf16) {
                line(out, k, layer, "frozen-bf16", train.size(), fastBf16, flops, roofline, peerRate);
            }
            if (dl4jRows > 0) {
                FeatureSet sub = head(train, Math.min(dl4jRows, train.size()));
                DenseOptions one = o.with("epochs", 1);
                double slow = time(one, sub, source, quiet, "dl4j");
                line(out, k, layer, "frozen-dl4j", sub.size(), slow, flops, roofline, peerRate);
            }
            if (peerRate != null) {
                line(out, k, layer, "pytorch", train.size(), peerRate, flops, roofline, null);
            }
            if (peerBf16 != null) {
                line(out, k, layer, "pytorch-bf16", train.size(), peerBf16, flops, roofline, peerRate);
            }
            if (bf16) {
                out.println(ratios(k, fast, fastBf16, peerRate, peerBf16));
            }
            out.flush();
        }
        out.println("rows/s = training rows x epochs / seconds of training (weights, network build and epochs; no "
                + "data loading); GFLOP/s counts the trainable blocks' forward, backward-weights and backward-data "
                + "convolutions (none for the lowest one's input), against the fp32 roofline also for bf16 rows. The DL4J "
                + "row runs 1 epoch on its first rows only. frozen's rows are the best of " + ROUNDS + " rounds, fp32 "
                + "and bf16 alternating; 'vs pytorch' is against PyTorch's fp32 peer.");
    }

    private static void line(PrintWriter out, int k, String layer, String trainer, int rows, double rate,
            double flops, double roofline, Double peerRate) {
        double gflops = rate * flops / 1e9;
        out.println(String.format(Locale.ROOT, "%-3d %-12s %-14s %7d %9.1f %10.1f %8.0f%% %s", k, layer, trainer, rows,
                rate, gflops, 100 * gflops / roofline,
                peerRate == null ? "" : String.format(Locale.ROOT, "%.2fx", rate / peerRate)).stripTrailing());
        out.flush();
    }

    /** Rows per second of Heads.train on {@code train}, with {@code path} ("dl4j" or null for the default). */
    private static double time(DenseOptions o, FeatureSet train, CachedLayer source, PrintStream log, String path) {
        if (path != null) {
            System.setProperty("frozen.finetune", path);
        }
        try {
            long t0 = System.nanoTime();
            Heads.train(o, train, null, 1, source, log);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return (double) train.size() * o.epochs() / seconds;
        } finally {
            System.clearProperty("frozen.finetune");
        }
    }

    /** The bf16 speed-ups of one K: frozen's bf16 over fp32, and against PyTorch's fp32 and bf16 peers if run. */
    static String ratios(int k, double fp32, double bf16, Double peerFp32, Double peerBf16) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "K=%d: bf16/fp32 %.2fx (frozen)", k, bf16 / fp32));
        if (peerFp32 != null && peerBf16 != null) {
            s.append(String.format(Locale.ROOT, ", %.2fx (pytorch); frozen bf16 vs pytorch fp32 %.2fx, vs pytorch bf16 "
                    + "%.2fx", peerBf16 / peerFp32, bf16 / peerFp32, bf16 / peerBf16));
        }
        return s.toString();
    }

    private static FeatureSet head(FeatureSet s, int n) {
        return new FeatureSet(Arrays.copyOf(s.features(), n), Arrays.copyOf(s.labels(), n), s.classNames());
    }

    /** Writes the rows (NHWC float32) and labels (int32), runs the peer, returns its training rows/s. */
    private static double runPeer(String peer, Path root, FeatureSet train, CachedLayer source, int k, DenseOptions o,
            int cores, Path dir, boolean bf16) throws IOException, InterruptedException {
        Path script = root.resolve("src/bench/python/peer_torch_finetune.py");
        if (!Files.isRegularFile(script)) {
            throw new DataError("expected the PyTorch peer script at " + script + ", found no such file");
        }
        Path x = dir.resolve("ft-x.f32");
        Path y = dir.resolve("ft-y.i32");
        int d = train.dim();
        try (DataOutputStream xs = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(x), 1 << 20));
                DataOutputStream ys = new DataOutputStream(Files.newOutputStream(y))) {
            ByteBuffer row = ByteBuffer.allocate(4 * d).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] r : train.features()) {
                row.clear();
                row.asFloatBuffer().put(r);
                xs.write(row.array());
            }
            ByteBuffer labels = ByteBuffer.allocate(4 * train.size()).order(ByteOrder.LITTLE_ENDIAN);
            labels.asIntBuffer().put(train.labels());
            ys.write(labels.array());
        }
        List<Integer> s = source.shape();
        List<String> cmd = new java.util.ArrayList<>(List.of(peer, script.toString()));
        cmd.addAll(Peers.options("x", x, "y", y, "shape", s.get(0) + "," + s.get(1) + "," + s.get(2),
                "classes", train.numClasses(), "trainable_blocks", k, "hidden", o.hidden().get(0), "dropout", o.dropout(),
                "lr", o.lr(), "batch", o.batch(), "epochs", o.epochs(), "threads", cores));
        if (bf16) {
            cmd.addAll(Peers.options("bf16", null));
        }
        Process p = Peers.process(cmd).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new DataError("PyTorch fine-tuning peer failed (" + peer + " " + script + "): "
                    + output.lines().reduce((a, b) -> b).orElse(""));
        }
        Matcher m = Pattern.compile("\"rows_per_s\": ([0-9.eE+-]+)").matcher(output);
        if (!m.find()) {
            throw new DataError("PyTorch fine-tuning peer printed no rows_per_s: " + output.strip());
        }
        return Double.parseDouble(m.group(1));
    }
}
