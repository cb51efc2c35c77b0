package dev.frozen.cli;

import dev.frozen.InvalidOption;
import dev.frozen.UsageError;
import dev.frozen.backbone.FrozenBase;
import dev.frozen.backbone.Vgg16;
import dev.frozen.bench.Bench;
import dev.frozen.bench.FrozenCli;
import dev.frozen.features.Extraction;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code frozen bench}: checks its options and hands them to {@link Bench}, which measures extraction throughput per
 * input size and engine, the conv-op roofline, peak memory, and optionally a peer doing the same work in the same run.
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
public final class BenchCommand extends Verb {
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
        checkOptions();
        int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Bench.Finetune tuning = finetune
                ? new Bench.Finetune(finetuneK, finetuneRows, finetuneBatch, finetuneEpochs, dl4jRows) : null;
        Bench.Settings settings = new Bench.Settings(sizes, images, data, engines, peer, cores, heads ? headRows : null,
                tuning, onnx ? onnxBatch : null, spark, workDir);
        FrozenCli frozen = new FrozenCli(Main.class.getName(), (args, out, err) -> Main.execute(args, out, err, main.home()));
        Bench.run(settings, frozen, main.home(), out());
        return 0;
    }

    /** Usage errors in bench's own flags' names, before anything is measured. */
    private void checkOptions() {
        if (images < 16) {
            throw new UsageError("--images must be at least 16, found " + images);
        }
        // Domain checks name extract's flags (--input-size, --engine); bench's own are --sizes and --engines.
        for (int s : sizes) {
            try {
                Vgg16.requireInputSize(s);
                Vgg16.requireFitsInMemory(s, Extraction.autoBatch(s));
            } catch (InvalidOption e) {
                throw new UsageError(e.as("--sizes"));
            } catch (UsageError e) {
                throw new UsageError(e.getMessage().replaceFirst("^--input-size", "--sizes"));
            }
        }
        try {
            engines.forEach(FrozenBase.Engine::parse);
        } catch (InvalidOption e) {
            throw new UsageError(e.as("--engines"));
        }
        if (onnx && onnxBatch < 1 && Bench.onnxRuntimePresent()) {
            throw new UsageError("--onnx-batch must be at least 1, found " + onnxBatch);
        }
        if (finetune && !onnx) {
            for (int k : finetuneK) {
                if (k < 1 || k > 4) {
                    throw new UsageError("--finetune-k values must be in 1..4, found " + k);
                }
            }
            if (finetuneRows < 16 || finetuneBatch < 1 || finetuneEpochs < 1) {
                throw new UsageError("--finetune-rows must be >= 16 and --finetune-batch, --finetune-epochs >= 1");
            }
        }
    }
}
