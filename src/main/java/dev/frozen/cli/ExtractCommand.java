package dev.frozen.cli;

import dev.frozen.backbone.Preprocessing;
import dev.frozen.backbone.Vgg16;
import dev.frozen.backbone.WeightsSpec;
import dev.frozen.data.Datasets;
import dev.frozen.data.ImageDataset;
import dev.frozen.data.Split;
import dev.frozen.features.ExtractionDefaults;
import dev.frozen.features.ExtractionSettings;
import dev.frozen.features.Extraction;
import dev.frozen.features.FeatureEntry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code frozen extract}: runs the frozen VGG16 base over a dataset once and caches the features. */
@Command(name = "extract", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run the frozen VGG16 base over a dataset once and cache one layer's activations as Arrow files.",
            "",
            "The cache entry is named after its settings and a hash of everything that changes the numbers",
            "(dataset content, weights, layer, input size, preprocessing). Running the same command again is a",
            "cache hit: it returns at once without loading VGG16. A killed run resumes where it stopped, and so",
            "does a run that stopped because the disk was full: free space and run the same command again.",
            "Re-extracting an entry (--force, or after its manifest was damaged) never removes its fitted runs.",
            "",
            "Examples:",
            "  frozen extract                                   # CIFAR-10, ImageNet weights, 48px, block5_pool",
            "  frozen extract --data ~/cifar-10-binary.tar.gz   # offline, from a local copy",
            "  frozen extract --layer block4_pool --input-size 64",
            "  frozen extract --layer block4_conv3,block4_pool,block5_pool   # three entries, one pass",
            "  frozen extract --dataset folder --data ~/photos --weights ~/vgg16_notop.h5",
            "  frozen extract --weights random:1                # smoke run: meaningless numbers",
            "  frozen extract --spark local[2] --data ~/cifar-10-batches-bin   # on Apache Spark, same cache entry",
            "  frozen extract --spark spark://head:7077 --dataset folder --data hdfs://nn/photos --features-dir /nfs/features",
            "  (YARN and Kubernetes: through spark-submit with the frozen jar, see docs/spark.md)",
            ""})
public final class ExtractCommand extends Verb {
    @Option(names = "--dataset", defaultValue = ExtractionDefaults.DATASET, paramLabel = "KIND",
            description = "cifar10 or folder (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data", paramLabel = "PATH|URI",
            description = "cifar10: a cifar-10-batches-bin folder or cifar-10-binary.tar.gz; without it the official "
                    + "archive is downloaded once into $FROZEN_HOME (default ~/.cache/frozen). "
                    + "folder: a directory with train/<class>/* and test/<class>/* images. "
                    + "With --spark also a Hadoop URI (hdfs://NAMENODE/path, s3a://BUCKET/path with the connector on the "
                    + "class path, file:/path), read by the driver and every executor through Hadoop's file systems.")
    String data;

    @Option(names = "--weights", defaultValue = ExtractionDefaults.WEIGHTS, paramLabel = "SPEC",
            description = "imagenet (Keras's VGG16 notop file, downloaded once and MD5-checked), a path to any "
                    + "Keras-layout notop .h5 file, or random:SEED (He-initialised, smoke runs only). Default: ${DEFAULT-VALUE}.")
    String weights;

    @Option(names = "--layer", defaultValue = ExtractionSettings.DEFAULT_LAYER, paramLabel = "LAYER",
            description = "Where the frozen base is cut: any VGG16 layer as Keras names it, block1_conv1 ... block5_pool "
                    + "(convolutions blockB_convN, pools blockB_pool), or input (the preprocessed images themselves, for "
                    + "fit --trainable-blocks 5). A comma list (block4_pool,block5_pool) extracts "
                    + "several layers in one pass over the images, one cache entry each (default: ${DEFAULT-VALUE}).")
    String layer;

    @Option(names = "--input-size", defaultValue = "" + ExtractionSettings.DEFAULT_INPUT_SIZE, paramLabel = "N",
            description = "Resize images to NxN (bilinear, half-pixel centres) before the base; minimum 32 (default: ${DEFAULT-VALUE}).")
    int inputSize;

    @Option(names = "--preprocessing", defaultValue = ExtractionSettings.DEFAULT_PREPROCESSING, paramLabel = "MODE",
            description = "caffe: Keras preprocess_input (RGB->BGR, minus ImageNet means, 0..255) after resizing. "
                    + "article: the tutorial's literal np.resize (bytes repeated cyclically), /255, RGB kept. Default: ${DEFAULT-VALUE}.")
    String preprocessing;

    @Option(names = "--pooling", defaultValue = ExtractionSettings.DEFAULT_POOLING, paramLabel = "none|avg|max",
            description = "Global pooling over the layer's spatial positions, as Keras's VGG16(pooling=...): avg or max "
                    + "keep one value per channel (512 for block5_pool at any input size; 25,088 -> 512 at 224 px). "
                    + "Part of the cache key. Default: ${DEFAULT-VALUE}.")
    String pooling;

    @Option(names = "--precision", defaultValue = ExtractionSettings.DEFAULT_PRECISION, paramLabel = "fp32|bf16",
            description = "Arithmetic of the convolutions: fp32, or bf16 (bfloat16 with float32 accumulation, about 1e-2 "
                    + "relative difference; needs AVX512_BF16 or AMX, refused elsewhere). Features are stored as float32; "
                    + "the precision is part of the cache key. Default: ${DEFAULT-VALUE}.")
    String precision;

    @Option(names = "--augment", defaultValue = ExtractionSettings.DEFAULT_AUGMENT, paramLabel = "none|hflip",
            description = "Also store a horizontally flipped copy of every TRAINING image as extra train rows of the "
                    + "entry (after the originals, in the same order, each marked in train.arrow's original_row column; the "
                    + "cache key and entry name include it). The "
                    + "test split is never augmented; 'fit --augment' trains on the copies, and its validation split "
                    + "is drawn from the originals first, so no copy of a validation image trains (default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(names = "--allow-emulated-bf16",
            description = "Run --precision bf16 on a CPU without native bf16 (slow: oneDNN converts in software).")
    boolean allowEmulatedBf16;

    @Mixin
    FeaturesDirOption featuresDirOption;

    @Option(names = "--batch", paramLabel = "N",
            description = "Images per forward pass (default: 128 at 48px, scaled down for larger inputs to bound memory).")
    Integer batch;

    @Option(names = "--engine", defaultValue = ExtractionDefaults.ENGINE, paramLabel = "ENGINE",
            description = "onednn: oneDNN primitives with blocked layouts end to end (fast, default). "
                    + "nd4j: libnd4j's conv2d/pooling ops (the reference path). Both give Keras's numbers.")
    String engine;

    @Option(names = "--rehash", description = "A cache hit is decided by the SHA-256 of the dataset's content, on "
            + "both routes. The hash of an image folder file (and a CIFAR-10 tarball) is remembered while its path, "
            + "size, mtime, ctime and inode are unchanged (local paths and file: URIs, with or without --spark; "
            + "on hdfs:, s3a: and other Hadoop file systems only size and mtime are known). --rehash hashes every "
            + "file from its content instead. CIFAR-10 batch files are always hashed from content.")
    boolean rehash;

    @Option(names = "--force", description = "Recompute the entry even if it is cached, discarding the batches of an "
            + "interrupted extraction. Fitted runs in the entry's runs/ folder are kept; if the new features differ "
            + "from those a run was fitted on, 'frozen compare' marks that run stale.")
    boolean force;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Run the extraction on Apache Spark: local[N], spark://HOST:PORT, yarn, k8s://URL. Shards of rows "
                    + "run as Spark tasks and are written in parallel into the same cache entry (same key: a later plain "
                    + "extract is a cache hit). --data may be a Hadoop URI (hdfs:, s3a:); weights and --features-dir must be "
                    + "paths every executor can read (local or NFS). Needs Spark on the class path: ./frozen adds it for this option.")
    String spark;

    @Option(names = "--shard-rows", paramLabel = "N",
            description = "With --spark: rows per shard and task (default: about 1/16 of the images, 256 to 8192, whole batches).")
    Integer shardRows;

    @Override
    public Integer call() {
        if (spark != null) {
            main.distributed().requireClusterManager(spark);
        }
        boolean hadoopData = spark != null && dev.frozen.data.DataFiles.isUri(data);
        Path localData = hadoopData ? null : fromFileUri(data, "--data");
        // With --spark the features folder may be on a Hadoop file system too (file: URIs go through Hadoop there).
        String hadoopFeatures = spark != null && dev.frozen.data.DataFiles.isUri(featuresDirOption.text)
                ? featuresDirOption.text : null;
        if (hadoopFeatures == null) {
            featuresDirOption.dir = fromFileUri(featuresDirOption.text, "--features-dir");
        }
        PrintWriter out = out();
        Vgg16.requireInputSize(inputSize);
        List<String> layers = layers(layer);
        ExtractionSettings settings = settings(layers.get(0));
        String bf16Warning = settings.precision().check(dev.frozen.backbone.Precision.cpuFlags(), allowEmulatedBf16);
        if (bf16Warning != null) {
            System.err.println(bf16Warning);
        }
        // Before opening (perhaps downloading) the dataset: if one full batch cannot fit, nothing can.
        Vgg16.requireFitsInMemory(inputSize, settings.batchSize());
        dev.frozen.backbone.FrozenBase.Engine eng = dev.frozen.backbone.FrozenBase.Engine.parse(engine);
        if (settings.augment() != dev.frozen.features.Augment.NONE && spark != null) {
            throw new dev.frozen.UsageError("--augment " + settings.augment().id() + " runs in one process; drop --spark for it");
        }
        WeightsSpec weightsSpec = WeightsSpec.parse(weights, main.home());
        ImageDataset ds = hadoopData ? main.distributed().openDataset(dataset, data, main.rendering(System.err), rehash, main.home())
                : Datasets.open(dataset, localData, main.rendering(System.err), rehash, main.home());
        Extraction.Request first = new Extraction.Request(ds, Extraction.Weights.of(weightsSpec), settings,
                featuresDirOption.dir, force, eng);
        List<Extraction.Request> requests = layers.stream().map(first::withLayer).toList();
        List<Extraction.Result> results = new java.util.ArrayList<>();
        if (hadoopFeatures == null) {
            featuresDirOption.announce(main.home(), Extraction.key(first).entryName(), System.err);
        }
        try {
            if (spark != null) {
                // One Spark job per layer; a local cache hit never starts (or even loads) Spark.
                for (Extraction.Request request : requests) {
                    var hit = hadoopFeatures != null ? java.util.Optional.<FeatureEntry>empty() : Extraction.cached(request, main.rendering(System.err));
                    results.add(hit.isPresent() ? new Extraction.Result(hit.get(), true, 0, 0)
                            : main.distributed().extract(request, spark, weightsSpec.isRandom() ? weightsSpec.id()
                                    : weightsSpec.resolveFile().toAbsolutePath().toString(), shardRows, hadoopFeatures,
                                    main.home(), main.rendering(System.err)));
                }
            } else {
                if (shardRows != null) {
                    throw new dev.frozen.UsageError("--shard-rows applies to --spark only");
                }
                results.addAll(Extraction.runAll(requests, main.rendering(System.err)));
            }
        } catch (dev.frozen.DataError e) {
            // The resume advice deep in the writers assumes a plain rerun; with --force a rerun starts over.
            throw force ? new dev.frozen.DataError(withoutForce(e.getMessage()), e) : e;
        }
        for (int i = 0; i < results.size(); i++) {
            report(out, results.get(i), layers.size() > 1 ? layers.get(i) + ": " : "");
        }
        if (weightsSpec.isRandom()) {
            out.println("note: random:" + weightsSpec.seed() + " weights are for smoke runs; these features mean nothing");
        }
        return 0;
    }

    /** The settings the options ask for, cut at {@code firstLayer}; a usage error naming the flag for a bad value. */
    ExtractionSettings settings(String firstLayer) {
        return ExtractionSettings.builder().layer(firstLayer).inputSize(inputSize)
                .preprocessing(Preprocessing.parse(preprocessing)).augment(dev.frozen.features.Augment.parse(augment))
                .pooling(dev.frozen.backbone.Pooling.parse(pooling)).precision(dev.frozen.backbone.Precision.parse(precision))
                .batch(batch).build();
    }

    /**
     * The layers of {@code --layer}: one name or a comma list, each a VGG16 layer, no repeats; a usage error naming
     * the offending item otherwise.
     */
    static List<String> layers(String text) {
        List<String> layers = new java.util.ArrayList<>();
        for (String item : text.split(",", -1)) {
            String name = item.trim();
            if (name.isEmpty()) {
                throw new dev.frozen.UsageError("--layer: expected a VGG16 layer name or a comma list of them, found an "
                        + "empty item in '" + text + "'");
            }
            try {
                Vgg16.blockOf(name);
            } catch (dev.frozen.InvalidOption e) {
                throw new dev.frozen.UsageError(e.asFlag());
            }
            if (layers.contains(name)) {
                throw new dev.frozen.UsageError("--layer: " + name + " is listed twice in '" + text + "'");
            }
            layers.add(name);
        }
        return layers;
    }

    private void report(PrintWriter out, Extraction.Result result, String prefix) {
        var m = result.manifest();
        String shape = String.format(Locale.ROOT, "train %d, test %d rows x %d features %s",
                m.rows().get(Split.TRAIN.fileStem()), m.rows().get(Split.TEST.fileStem()), m.featureDim(), m.featureShape());
        if (result.cacheHit()) {
            out.println(prefix + "cache hit: " + result.location() + " (" + shape + "); nothing to do");
        } else {
            out.printf(Locale.ROOT, "%swrote %s (%s) in %.1f s, %.1f img/s, peak RSS %.2f GB%n", prefix, result.location(),
                    shape, result.seconds(), result.imagesProcessed() / Math.max(result.seconds(), 1e-9),
                    dev.frozen.ProcessStats.peakRssBytes() / 1e9);
        }
    }

    /**
     * The advice of a failed {@code extract --force}: "rerun ... to resume" becomes "rerun ... without --force to
     * resume", since rerunning with --force discards the committed batches and starts again.
     */
    static String withoutForce(String message) {
        return message.replaceAll("\\brerun((?: the same(?: extract)? command)?) to resume",
                "rerun$1 without --force to resume");
    }

    /**
     * A {@code file:} URI given for a path option is the local path it names; other URI schemes are refused plainly
     * ({@code --data} takes them with {@code --spark}).
     */
    static Path fromFileUri(String text, String option) {
        return dev.frozen.LocalPaths.parse(text, option, option.equals("--data")
                ? "Hadoop URIs (hdfs:, s3a:) are read with --spark MASTER"
                : "other Hadoop file systems (hdfs:, s3a:) are not supported here: mount them (NFS, s3fs) on every node");
    }
}
