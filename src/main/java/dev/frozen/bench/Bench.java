package dev.frozen.bench;

import dev.frozen.FileTrees;
import dev.frozen.FrozenHome;
import dev.frozen.Setting;
import dev.frozen.backbone.Vgg16;
import dev.frozen.data.SyntheticCifar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code frozen bench} after its options are checked: prints the machine and the conv roofline, then one of the ONNX,
 * fine-tuning or extraction tables (the last optionally followed by the heads table). Prints figures; never fails on
 * a slow result.
 */
public final class Bench {
    /**
     * What to measure. {@code headRows}, {@code finetune} and {@code onnxBatch} are null when their part is off;
     * {@code data} is null for synthetic images, {@code peer} for no peer, {@code spark} for no Spark runs, and
     * {@code workDir} for a temporary folder deleted after.
     */
    public record Settings(List<Integer> sizes, int images, Path data, List<String> engines, String peer, int cores,
            Integer headRows, Finetune finetune, Integer onnxBatch, String spark, Path workDir) {}

    /** The fine-tuning table's settings: trainable blocks, training rows, batch, epochs and the DL4J row's rows. */
    public record Finetune(List<Integer> ks, int rows, int batch, int epochs, int dl4jRows) {}

    private final Settings s;
    private final FrozenCli frozen;
    private final FrozenHome home;
    private final PrintWriter out;

    private Bench(Settings settings, FrozenCli frozen, FrozenHome home, PrintWriter out) {
        this.s = settings;
        this.frozen = frozen;
        this.home = home;
        this.out = out;
    }

    /** Whether {@code bench --onnx} can run here: ONNX Runtime is a provided-scope dependency. */
    public static boolean onnxRuntimePresent() {
        return OnnxBench.runtimePresent();
    }

    /** Measures what {@code settings} asks for and prints the tables to {@code out}. */
    public static void run(Settings settings, FrozenCli frozen, FrozenHome home, PrintWriter out)
            throws Exception {
        new Bench(settings, frozen, home, out).run();
    }

    private void run() throws Exception {
        Path dir = s.workDir() != null ? Files.createDirectories(s.workDir()) : Files.createTempDirectory("frozen-bench");
        try {
            out.println(Machine.describe(s.cores()));
            ConvRoofline.Result roof = ConvRoofline.measure(256, 256, 12, 128, 5);
            out.printf(Locale.ROOT, "conv roofline: %.1f GFLOP/s (256->256 3x3, 12x12, batch 128, %s)%n%n", roof.gflops(),
                    roof.kernel());
            if (s.onnxBatch() != null) {
                onnx(dir);
            } else if (s.finetune() != null) {
                Finetune f = s.finetune();
                FinetuneBench.run(out, frozen, home, s.data(), f.rows(), f.ks(), f.batch(), f.epochs(), f.dl4jRows(),
                        s.peer(), s.cores(), dir, Peers.projectRoot(), roof.gflops());
            } else {
                extraction(dir);
                if (s.headRows() != null) {
                    out.println();
                    HeadsBench.run(out, s.headRows(), s.peer(), s.cores(), dir, Peers.projectRoot());
                }
            }
        } finally {
            if (s.workDir() == null) {
                FileTrees.delete(dir);
            }
        }
    }

    private void onnx(Path dir) throws Exception {
        if (!OnnxBench.runtimePresent()) {
            out.println("onnx: needs ONNX Runtime on the class path (" + OnnxBench.RUNTIME_CLASS + " not found); "
                    + "run it as './frozen bench " + Setting.flag("onnx") + "', which adds target/onnx-lib");
            return;
        }
        for (int size : s.sizes()) {
            OnnxBench.run(out, frozen, home, size, s.onnxBatch(), 5, s.cores(), dir);
        }
    }

    /** The extraction table: per size, the peer's run, then each engine's (and its Spark run's) row. */
    private void extraction(Path dir) throws IOException, InterruptedException {
        out.println(extractionHeader(s.peer() != null));
        for (int size : s.sizes()) {
            extractionRows(dir, size);
            out.flush();
        }
        out.println();
        out.println("img/s = images / wall-clock seconds of the whole process (JVM or Python start included); roofline = "
                + "share of the mean of the conv roofline measured just before and just after that run (GFLOP/s).");
    }

    private void extractionRows(Path dir, int size) throws IOException, InterruptedException {
        int n = size >= 160 ? Math.max(32, s.images() / 16) : s.images();
        int test = Math.max(8, n / 6);
        Path data = s.data() != null ? SyntheticCifar.subset(s.data(), dir.resolve("cifar-" + n), n - test, test, home)
                : SyntheticCifar.write(dir.resolve("cifar-" + n), n - test, test, 1);
        double[] peerPeak = new double[2];
        Double peerRate = null;
        if (s.peer() != null) {
            peerPeak[0] = roofline();
            peerRate = PeerExtraction.run(s.peer(), data, size, n, s.cores(), dir);
            peerPeak[1] = roofline();
        }
        for (String engine : s.engines()) {
            double before = roofline();
            FrozenCli.Run run = frozen.extract(data, size, engine, dir.resolve("features-" + engine + "-" + size), s.cores(),
                    List.of());
            double after = roofline();
            double rate = n / run.seconds();
            out.println(row(size, engine, n, rate, before, after, run.peakRssGb(),
                    peerRate == null ? "" : String.format(Locale.ROOT, "%.2fx", rate / peerRate)));
            if (s.spark() != null) {
                sparkRow(dir, data, size, engine, n, rate);
            }
        }
        if (peerRate != null) {
            double gflops = peerRate * Vgg16.flops("block5_pool", size) / 1e9;
            out.println(String.format(Locale.ROOT, "%-6s %-8s %7d %9.1f %10.1f %8.0f%% %15s", size + "px", "pytorch", n,
                    peerRate, gflops, share(gflops, peerPeak[0], peerPeak[1]), peaks(peerPeak[0], peerPeak[1])));
        }
    }

    /** The same extraction as {@code extract --spark MASTER}, as a ratio of the single-process rate. */
    private void sparkRow(Path dir, Path data, int size, String engine, int n, double rate)
            throws IOException, InterruptedException {
        double before = roofline();
        FrozenCli.Run run = frozen.extract(data, size, engine, dir.resolve("features-spark-" + engine + "-" + size),
                s.cores(), Peers.options("spark", s.spark()));
        double after = roofline();
        double sparkRate = n / run.seconds();
        out.println(row(size, "spark", n, sparkRate, before, after, run.peakRssGb(),
                String.format(Locale.ROOT, "%.2fx single-process %s (%s %s)", sparkRate / rate, engine, Setting.flag("spark"), s.spark())));
    }

    private static String row(int size, String engine, int n, double rate, double before, double after, double rssGb,
            String last) {
        double gflops = rate * Vgg16.flops("block5_pool", size) / 1e9;
        return String.format(Locale.ROOT, "%-6s %-8s %7d %9.1f %10.1f %8.0f%% %15s %7.2f GB %s", size + "px", engine, n,
                rate, gflops, share(gflops, before, after), peaks(before, after), rssGb, last).stripTrailing();
    }

    /**
     * The conv roofline now, in GFLOP/s. Each run is bracketed by two of these: this shared machine's speed drifts by
     * tens of percent within minutes, and a share against one measurement taken minutes earlier says more about
     * the drift than about the run.
     */
    private static double roofline() {
        return ConvRoofline.measure(256, 256, 12, 128, 5).gflops();
    }

    /** Percent of the mean of the two roofline readings around a run. */
    private static double share(double gflops, double before, double after) {
        return 100 * gflops / ((before + after) / 2);
    }

    private static String peaks(double before, double after) {
        return String.format(Locale.ROOT, "(%.0f,%.0f)", before, after);
    }

    /** The extraction table's header; the peer column only when there is a peer to compare with. */
    static String extractionHeader(boolean withPeer) {
        return String.format(Locale.ROOT, "%-6s %-8s %7s %9s %10s %9s %15s %10s %s", "size", "engine", "images",
                "img/s", "GFLOP/s", "roofline", "peak (bef,aft)", "peak RSS", withPeer ? "vs peer" : "").stripTrailing();
    }
}
