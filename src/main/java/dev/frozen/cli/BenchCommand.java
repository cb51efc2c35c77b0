package dev.frozen.cli;

import dev.frozen.DataError;
import dev.frozen.UsageError;
import dev.frozen.backbone.Vgg16;
import dev.frozen.data.SyntheticCifar;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code frozen bench}: whole-process extraction throughput per input size and engine, the conv-op
 * roofline, peak memory, and optionally a PyTorch peer doing the same work in the same run. Prints
 * figures; never fails on a slow result.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measure extraction throughput side by side.",
            "",
            "Each run is a separate process doing the whole job (read CIFAR-format binaries, resize, preprocess,",
            "VGG16 forward, write Arrow), with random weights, on synthetic images or the first --images records of a",
            "real CIFAR-10 copy (--data), so no download is needed. Also measures the conv-op roofline (one 256->256",
            "3x3 convolution on 12x12 maps, batch 128) and reports each run's share of it.",
            "",
            "Machines are shared and noisy: compare the ratios printed in one run, not absolute times.",
            "",
            "Examples:",
            "  frozen bench                                    # 48 px, both engines",
            "  frozen bench --peer /usr/bin/python3            # plus PyTorch doing the same work",
            "  frozen bench --sizes 32,48,64,224 --images 4096",
            "  frozen bench --data ~/cifar-10-batches-bin --images 12000 --engines onednn --peer /usr/bin/python3",
            "  frozen bench --heads --peer /usr/bin/python3    # also time the heads against scikit-learn",
            "  frozen bench --finetune --data ~/cifar-10-batches-bin --peer /usr/bin/python3   # fine-tuning K=1,2",
            "  frozen bench --data ~/cifar-10-batches-bin --images 12000 --engines onednn --spark local[2]",
            "  frozen bench --onnx                             # export time; ONNX Runtime vs frozen predict",
            ""})
public final class BenchCommand implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand
    Main main; // for the cache folder (FrozenHome)

    @Spec CommandSpec spec;

    @Option(names = "--sizes", split = ",", defaultValue = "48", paramLabel = "N,...",
            description = "Input sizes to measure (default: ${DEFAULT-VALUE}). 224 runs on 1/16 of the images.")
    List<Integer> sizes;

    @Option(names = "--images", defaultValue = "2048", paramLabel = "N",
            description = "Images per run, train and test together (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--data", paramLabel = "PATH",
            description = "Use the first --images records of this real CIFAR-10 binary folder or archive instead of synthetic images.")
    Path data;

    @Option(names = "--engines", split = ",", defaultValue = "onednn,nd4j", paramLabel = "E,...",
            description = "Engines to measure (default: ${DEFAULT-VALUE}).")
    List<String> engines;

    @Option(names = "--peer", paramLabel = "PYTHON",
            description = "A python3 with PyTorch (e.g. /usr/bin/python3): run src/bench/python/peer_torch.py on the same data.")
    String peer;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for every run (OMP_NUM_THREADS and the peer's torch threads; default: all cores).")
    Integer threads;

    @Option(names = "--heads", description = "Also time logreg, svm, dense and knn on synthetic 50,000 x 512 features.")
    boolean heads;

    @Option(names = "--head-rows", defaultValue = "50000", paramLabel = "N",
            description = "Training rows for --heads (default: ${DEFAULT-VALUE}).")
    int headRows;

    @Option(names = "--finetune", description = {"Instead of extraction, time fit --head dense --trainable-blocks K at 48 px on",
            "cached block(5-K)_pool activations of --finetune-rows images (from --data, else synthetic): oneDNN",
            "path, DL4J layers and (with --peer) PyTorch training the same blocks and top."})
    boolean finetune;

    @Option(names = "--finetune-k", split = ",", defaultValue = "1,2", paramLabel = "K,...",
            description = "Trainable blocks to time with --finetune (default: ${DEFAULT-VALUE}).")
    List<Integer> finetuneK;

    @Option(names = "--finetune-rows", defaultValue = "10000", paramLabel = "N",
            description = "Training rows for --finetune (default: ${DEFAULT-VALUE}).")
    int finetuneRows;

    @Option(names = "--finetune-batch", defaultValue = "256", paramLabel = "N",
            description = "Batch size for --finetune, all trainers (default: ${DEFAULT-VALUE}).")
    int finetuneBatch;

    @Option(names = "--finetune-epochs", defaultValue = "1", paramLabel = "N",
            description = "Epochs for --finetune (default: ${DEFAULT-VALUE}).")
    int finetuneEpochs;

    @Option(names = "--dl4j-rows", defaultValue = "512", paramLabel = "N",
            description = "Rows (1 epoch) for the slow DL4J-layers row of --finetune; 0 skips it (default: ${DEFAULT-VALUE}).")
    int dl4jRows;
    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Also run each extraction as 'extract --spark MASTER' (e.g. local[2]) in the same run and print its "
                    + "throughput as a ratio of the single-process one (Spark start-up included).")
    String spark;

    @Option(names = "--onnx", description = {"Instead of extraction, time 'frozen export' and ONNX Runtime on the exported model",
            "against frozen predict's code path on the same batch of PNG files, at each --sizes value (needs ONNX Runtime",
            "on the class path: ./frozen adds target/onnx-lib for this option)."})
    boolean onnx;

    @Option(names = "--onnx-batch", defaultValue = "128", paramLabel = "N",
            description = "Images per batch for --onnx (default: ${DEFAULT-VALUE}, predict's own batch at 48 px).")
    int onnxBatch;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where to write the synthetic data (default: a temp folder, deleted after).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (images < 16) {
            throw new UsageError("--images must be at least 16, found " + images);
        }
        // Domain checks name extract's flags (--input-size, --engine); bench's own are --sizes and --engines.
        for (int s : sizes) {
            try {
                Vgg16.requireInputSize(s);
                Vgg16.requireFitsInMemory(s, dev.frozen.features.Extraction.autoBatch(s));
            } catch (dev.frozen.InvalidOption e) {
                throw new dev.frozen.UsageError(e.as("--sizes"));
            } catch (dev.frozen.UsageError e) {
                throw new dev.frozen.UsageError(e.getMessage().replaceFirst("^--input-size", "--sizes"));
            }
        }
        try {
            engines.forEach(dev.frozen.backbone.FrozenBase.Engine::parse);
        } catch (dev.frozen.InvalidOption e) {
            throw new dev.frozen.UsageError(e.as("--engines"));
        }
        int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("frozen-bench");
        try {
            out.println(Machine.describe(cores));
            ConvRoofline.Result roof = ConvRoofline.measure(256, 256, 12, 128, 5);
            out.printf(Locale.ROOT, "conv roofline: %.1f GFLOP/s (256->256 3x3, 12x12, batch 128, %s)%n%n", roof.gflops(),
                    roof.kernel());
            if (onnx) {
                if (!OnnxBench.runtimePresent()) {
                    out.println("onnx: needs ONNX Runtime on the class path (" + OnnxBench.RUNTIME_CLASS + " not found); "
                            + "run it as './frozen bench --onnx', which adds target/onnx-lib");
                    return 0;
                }
                if (onnxBatch < 1) {
                    throw new UsageError("--onnx-batch must be at least 1, found " + onnxBatch);
                }
                for (int size : sizes) {
                    OnnxBench.run(out, main.home(), size, onnxBatch, 5, cores, dir);
                }
                return 0;
            }
            if (finetune) {
                for (int k : finetuneK) {
                    if (k < 1 || k > 4) {
                        throw new UsageError("--finetune-k values must be in 1..4, found " + k);
                    }
                }
                if (finetuneRows < 16 || finetuneBatch < 1 || finetuneEpochs < 1) {
                    throw new UsageError("--finetune-rows must be >= 16 and --finetune-batch, --finetune-epochs >= 1");
                }
                FinetuneBench.run(out, main.home(), data, finetuneRows, finetuneK, finetuneBatch, finetuneEpochs, dl4jRows, peer,
                        cores, dir, projectRoot(), roof.gflops());
                return 0;
            }
            out.println(extractionHeader(peer != null));
            for (int size : sizes) {
                int n = size >= 160 ? Math.max(32, images / 16) : images;
                int test = Math.max(8, n / 6);
                Path data = this.data != null ? SyntheticCifar.subset(this.data, dir.resolve("cifar-" + n), n - test, test, main.home())
                        : SyntheticCifar.write(dir.resolve("cifar-" + n), n - test, test, 1);
                double[] peerPeak = new double[2];
                Double peerRate = null;
                if (peer != null) {
                    peerPeak[0] = roofline();
                    peerRate = runPeer(data, size, n, cores, dir);
                    peerPeak[1] = roofline();
                }
                for (String engine : engines) {
                    double before = roofline();
                    Run run = runExtract(data, size, engine, dir.resolve("features-" + engine + "-" + size), cores, List.of());
                    double after = roofline();
                    double rate = n / run.seconds;
                    double gflops = rate * Vgg16.flops("block5_pool", size) / 1e9;
                    out.println(String.format(Locale.ROOT, "%-6s %-8s %7d %9.1f %10.1f %8.0f%% %15s %7.2f GB %s", size + "px",
                            engine, n, rate, gflops, share(gflops, before, after), peaks(before, after),
                            run.peakRssGb, peerRate == null ? "" : String.format(Locale.ROOT, "%.2fx", rate / peerRate)).stripTrailing());
                    if (spark != null) {
                        double sparkBefore = roofline();
                        Run sparkRun = runExtract(data, size, engine, dir.resolve("features-spark-" + engine + "-" + size),
                                cores, List.of("--spark", spark));
                        double sparkAfter = roofline();
                        double sparkRate = n / sparkRun.seconds;
                        double sparkGflops = sparkRate * Vgg16.flops("block5_pool", size) / 1e9;
                        out.println(String.format(Locale.ROOT, "%-6s %-8s %7d %9.1f %10.1f %8.0f%% %15s %7.2f GB %s", size + "px",
                                "spark", n, sparkRate, sparkGflops, share(sparkGflops, sparkBefore, sparkAfter),
                                peaks(sparkBefore, sparkAfter), sparkRun.peakRssGb,
                                String.format(Locale.ROOT, "%.2fx single-process %s (--spark %s)", sparkRate / rate, engine, spark)));
                    }
                }
                if (peerRate != null) {
                    double gflops = peerRate * Vgg16.flops("block5_pool", size) / 1e9;
                    out.println(String.format(Locale.ROOT, "%-6s %-8s %7d %9.1f %10.1f %8.0f%% %15s", size + "px", "pytorch", n,
                            peerRate, gflops, share(gflops, peerPeak[0], peerPeak[1]), peaks(peerPeak[0], peerPeak[1])));
                }
                out.flush();
            }
            out.println();
            out.println("img/s = images / wall-clock seconds of the whole process (JVM or Python start included); roofline = "
                    + "share of the mean of the conv roofline measured just before and just after that run (GFLOP/s).");
            if (heads) {
                out.println();
                HeadsBench.run(out, headRows, peer, cores, dir, projectRoot());
            }
            return 0;
        } finally {
            if (workDir == null) {
                dev.frozen.FileTrees.delete(dir);
            }
        }
    }

    record Run(double seconds, double peakRssGb) {}

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

    /** A plain {@code extract} with random weights in a fresh JVM (as users run it), timed; {@code extra} options appended. */
    static Run runExtract(Path data, int size, String engine, Path features, int cores, List<String> extra)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "extract",
                "--data", data.toString(), "--weights", "random:1", "--input-size", Integer.toString(size),
                "--engine", engine, "--features-dir", features.toString()));
        cmd.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(cores));
        long t0 = System.nanoTime();
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            throw new DataError("benchmark extract (" + engine + ", " + size + "px" + (extra.isEmpty() ? "" : ", "
                    + String.join(" ", extra)) + ") failed with exit " + code + ": "
                    + output.lines().filter(l -> l.startsWith("error")).findFirst().orElse(output.strip()));
        }
        Matcher m = Pattern.compile("peak RSS ([0-9.]+) GB").matcher(output);
        return new Run(seconds, m.find() ? Double.parseDouble(m.group(1)) : Double.NaN);
    }

    private Double runPeer(Path data, int size, int n, int cores, Path dir) throws IOException, InterruptedException {
        Path script = projectRoot().resolve("src/bench/python/peer_torch.py");
        if (!Files.isRegularFile(script)) {
            throw new DataError("expected the PyTorch peer script at " + script + ", found no such file");
        }
        List<String> cmd = List.of(peer, script.toString(), "--data", data.toString(), "--random", "1", "--size",
                Integer.toString(size), "--threads", Integer.toString(cores), "--out", dir.resolve("peer.f32").toString());
        long t0 = System.nanoTime();
        Process p = peerProcess(cmd).start();
        String output = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            throw new DataError("PyTorch peer failed with exit " + code + " (" + peer + " " + script + "): "
                    + output.lines().reduce((a, b) -> b).orElse(""));
        }
        return n / seconds;
    }

    /**
     * A peer's process, with stderr joined to stdout, in the environment its users run it in: the launcher's own
     * OpenBLAS setting ({@code OPENBLAS_THREAD_TIMEOUT}, see {@code ./frozen}) is frozen's tuning, so the peer
     * does not inherit it unless the user set it.
     */
    static ProcessBuilder peerProcess(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (System.getenv("FROZEN_OPENBLAS_TIMEOUT_DEFAULTED") != null) {
            pb.environment().remove("OPENBLAS_THREAD_TIMEOUT");
        }
        pb.environment().remove("FROZEN_OPENBLAS_TIMEOUT_DEFAULTED");
        return pb;
    }

    static Path projectRoot() {
        try {
            Path code = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().getParent(); // target/frozen.jar or target/classes
        } catch (java.net.URISyntaxException e) {
            return Path.of(".").toAbsolutePath();
        }
    }

    /** A one-line description of this machine for benchmark tables. */
    static final class Machine {
        static String describe(int threads) {
            String cpu = "unknown CPU";
            String flags = "";
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name") && cpu.equals("unknown CPU")) {
                        cpu = line.substring(line.indexOf(':') + 1).trim();
                    }
                    if (line.startsWith("flags") && flags.isEmpty()) {
                        flags = line.contains("avx512f") ? "AVX-512" : line.contains("avx2") ? "AVX2" : "no AVX2";
                    }
                }
            } catch (IOException ignored) {
                // Not Linux: the CPU line just says unknown.
            }
            long memGb = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize() >> 30;
            return String.format(Locale.ROOT, "machine: %s (%s), %d cores, %d GiB; Java %s; %d threads per run", cpu,
                    flags, Runtime.getRuntime().availableProcessors(), memGb, System.getProperty("java.version"), threads);
        }
    }

    /** The extraction table's header; the peer column only when there is a peer to compare with. */
    static String extractionHeader(boolean withPeer) {
        return String.format(Locale.ROOT, "%-6s %-8s %7s %9s %10s %9s %15s %10s %s", "size", "engine", "images",
                "img/s", "GFLOP/s", "roofline", "peak (bef,aft)", "peak RSS", withPeer ? "vs peer" : "").stripTrailing();
    }
}
