package dev.frozen.features;

import dev.frozen.DataError;
import dev.frozen.Progress;
import dev.frozen.backbone.FrozenBase;
import dev.frozen.backbone.Pooling;
import dev.frozen.backbone.Precision;
import dev.frozen.backbone.Preprocessing;
import dev.frozen.backbone.Vgg16;
import dev.frozen.backbone.Vgg16Weights;
import dev.frozen.backbone.WeightsSpec;
import dev.frozen.Versions;
import dev.frozen.data.ImageDataset;
import dev.frozen.data.LabeledImage;
import dev.frozen.data.Split;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Builds (or finds) the feature entry for one dataset and backbone setting. A cache hit returns before any
 * weights are read or ND4J is loaded; a miss streams the dataset through the frozen base batch by batch,
 * committing each batch durably so that a rerun resumes where a killed run stopped.
 */
public final class Extraction {
    /** Everything one extraction needs; the weights are loaded lazily, only on a cache miss. */
    public record Request(ImageDataset dataset, String weightsId, String weightsIdentity, boolean randomWeights,
            Supplier<Vgg16Weights> weights, Supplier<String> weightsSha256, String layer, int inputSize,
            Preprocessing preprocessing, int batch, Path featuresDir, boolean force, FrozenBase.Engine engine,
            String weightsPath, Pooling pooling, Precision precision, Augment augment) {

        public Request {
            pooling = pooling == null ? Pooling.NONE : pooling;
            precision = precision == null ? Precision.FP32 : precision;
            augment = augment == null ? Augment.NONE : augment;
        }

        /** A request without augmentation. */
        public Request(ImageDataset dataset, String weightsId, String weightsIdentity, boolean randomWeights,
                Supplier<Vgg16Weights> weights, Supplier<String> weightsSha256, String layer, int inputSize,
                Preprocessing preprocessing, int batch, Path featuresDir, boolean force, FrozenBase.Engine engine,
                String weightsPath, Pooling pooling, Precision precision) {
            this(dataset, weightsId, weightsIdentity, randomWeights, weights, weightsSha256, layer, inputSize,
                    preprocessing, batch, featuresDir, force, engine, weightsPath, pooling, precision, Augment.NONE);
        }

        /**
         * The same request with augmented copies of the training images ({@link Augment}): the dataset is seen
         * through {@link Augment#wrap}, and the cache key names the augmentation.
         */
        public Request withAugment(Augment a) {
            if (augment != Augment.NONE) {
                throw new IllegalStateException("already augmented with " + augment.id());
            }
            return new Request(a.wrap(dataset), weightsId, weightsIdentity, randomWeights, weights, weightsSha256, layer,
                    inputSize, preprocessing, batch, featuresDir, force, engine, weightsPath, pooling, precision, a);
        }

        /** The same request cut at another layer. */
        public Request withLayer(String other) {
            return new Request(dataset, weightsId, weightsIdentity, randomWeights, weights, weightsSha256, other, inputSize,
                    preprocessing, batch, featuresDir, force, engine, weightsPath, pooling, precision, augment);
        }

        /** The same request on the default engine. */
        public Request(ImageDataset dataset, String weightsId, String weightsIdentity, boolean randomWeights,
                Supplier<Vgg16Weights> weights, Supplier<String> weightsSha256, String layer, int inputSize,
                Preprocessing preprocessing, int batch, Path featuresDir, boolean force) {
            this(dataset, weightsId, weightsIdentity, randomWeights, weights, weightsSha256, layer, inputSize,
                    preprocessing, batch, featuresDir, force, FrozenBase.Engine.ONEDNN, null, Pooling.NONE, Precision.FP32);
        }
    }

    /** A request for these weights (loaded only on a cache miss); the single place that maps weights to a request. */
    public static Request request(ImageDataset dataset, WeightsSpec weights, String layer, int inputSize,
            Preprocessing preprocessing, int batch, Path featuresDir, boolean force, FrozenBase.Engine engine) {
        return request(dataset, weights, layer, inputSize, preprocessing, batch, featuresDir, force, engine, Pooling.NONE,
                Precision.FP32);
    }

    /** The same with global pooling of the layer output ({@code none}, {@code avg} or {@code max}). */
    public static Request request(ImageDataset dataset, WeightsSpec weights, String layer, int inputSize,
            Preprocessing preprocessing, int batch, Path featuresDir, boolean force, FrozenBase.Engine engine,
            Pooling pooling, Precision precision) {
        return new Request(dataset, weights.id(), weights.identity(), weights.isRandom(), weights::load,
                weights::sha256, layer, inputSize, preprocessing, batch, featuresDir, force, engine,
                weights.file() == null ? null : weights.file().toString(), pooling, precision);
    }

    /** What happened: the entry, whether it was already there, and the throughput of new work. */
    /**
     * What an extraction made: the entry (null when it lives on a Hadoop file system, which only {@code location}
     * names), its manifest, and whether it was already there.
     */
    public record Result(FeatureEntry entry, String location, Manifest manifest, boolean cacheHit, long imagesProcessed,
            double seconds) {
        public Result(FeatureEntry entry, boolean cacheHit, long imagesProcessed, double seconds) {
            this(entry, entry.dir().toString(), entry.manifest(), cacheHit, imagesProcessed, seconds);
        }
    }

    private Extraction() {}

    public static CacheKey key(Request r) {
        return new CacheKey(r.dataset().displayName(), r.dataset().fingerprint(), r.weightsIdentity(),
                r.randomWeights(), r.layer(), r.inputSize(), r.preprocessing().id(), r.pooling().id(),
                r.precision().id(), r.augment().id());
    }

    /** Default batch: 128 at 48 px, scaled by pixel count so activation memory stays roughly constant. */
    public static int autoBatch(int inputSize) {
        double scaled = 128.0 * (48.0 * 48.0) / ((double) inputSize * inputSize);
        return (int) Math.max(4, Math.min(256, Math.round(scaled)));
    }

    public static Result run(Request r, PrintStream log) {
        return runAll(List.of(r), log).get(0);
    }

    /**
     * Builds the entries of several requests that differ only in their layer, from one pass over the images: the
     * base is cut at the deepest layer and copies out the shallower ones on the way. Cached entries are returned as
     * hits; the others are extracted together, each committing its own batches (so each resumes on its own).
     * Results come in the order of {@code requests}.
     */
    public static List<Result> runAll(List<Request> requests, PrintStream log) {
        for (Request r : requests) {
            Vgg16.requireInputSize(r.inputSize());
            Vgg16.blockOf(r.layer());
            Request first = requests.get(0);
            if (!r.withLayer(first.layer()).equals(first)) {
                throw new IllegalArgumentException("requests extracted together must differ only in their layer");
            }
        }
        Request first = requests.get(0);
        // Before hashing or reading anything: batches that cannot fit would fail part-way through.
        Vgg16.requireFitsInMemory(first.inputSize(), first.batch(), first.dataset().size(Split.TRAIN),
                first.dataset().size(Split.TEST));
        Result[] results = new Result[requests.size()];
        List<Integer> misses = new java.util.ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            var hit = r.force() ? java.util.Optional.<FeatureEntry>empty() : findIntact(r.featuresDir(), key(r).entryName(), log);
            if (hit.isPresent()) {
                results[i] = new Result(hit.get(), true, 0, 0);
            } else if (misses.stream().noneMatch(j -> requests.get(j).layer().equals(r.layer()))) {
                misses.add(i);
            }
        }
        List<PartialEntry> partials = new java.util.ArrayList<>();
        try {
            List<Target> targets = new java.util.ArrayList<>();
            for (int i : misses) {
                Request r = requests.get(i);
                String name = key(r).entryName();
                PartialEntry partial = PartialEntry.open(r.featuresDir(), name, true);
                partials.add(partial);
                if (r.force()) {
                    partial.reset();
                } else {
                    var doneMeanwhile = findIntact(r.featuresDir(), name,
                            new PrintStream(java.io.OutputStream.nullOutputStream())); // already warned above
                    if (doneMeanwhile.isPresent()) {
                        results[i] = new Result(doneMeanwhile.get(), true, 0, 0);
                        continue;
                    }
                }
                targets.add(new Target(i, r, partial));
            }
            if (!targets.isEmpty()) {
                long start = System.nanoTime();
                long processed = 0;
                List<String> layers = targets.stream().map(t -> t.request.layer()).toList();
                try (FrozenBase base = FrozenBase.create(first.weights().get(), layers, first.engine(), first.precision())) {
                    for (Split split : Split.values()) {
                        processed += extractSplit(first, base, targets, split, log);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                for (Target t : targets) {
                    CacheKey key = key(t.request);
                    FeatureEntry entry = t.partial.complete(manifest(t.request, key, key.entryName()));
                    results[t.index] = new Result(entry, false, processed, seconds);
                }
            }
        } finally {
            for (PartialEntry p : partials) {
                p.close();
            }
        }
        for (int i = 0; i < requests.size(); i++) {
            if (results[i] == null) { // the same layer asked twice: the first one's entry
                String layer = requests.get(i).layer();
                for (int j = 0; j < i; j++) {
                    if (requests.get(j).layer().equals(layer)) {
                        results[i] = results[j];
                        break;
                    }
                }
            }
        }
        return List.of(results);
    }

    /** One entry being written in a shared pass: where its request stands among the others, and its partial entry. */
    private record Target(int index, Request request, PartialEntry partial) {}

    /**
     * The complete cached entry for this request, or empty when it must be computed (none yet, damaged, or
     * {@code --force}). Reads no weights; used by {@code extract --spark} before it starts Spark.
     */
    public static java.util.Optional<FeatureEntry> cached(Request r, PrintStream log) {
        Vgg16.requireInputSize(r.inputSize());
        Vgg16.blockOf(r.layer());
        return r.force() ? java.util.Optional.empty() : findIntact(r.featuresDir(), key(r).entryName(), log);
    }

    /** The manifest of the entry this request makes, before its files are known (what every data file embeds). */
    public static Manifest plannedManifest(Request r) {
        CacheKey key = key(r);
        return manifest(r, key, key.entryName());
    }

    /** Features per row for this request (after pooling). */
    public static int featureDim(Request r) {
        return r.pooling().shape(Vgg16.outputShape(r.layer(), r.inputSize())).stream().mapToInt(Integer::intValue)
                .reduce(1, (a, b) -> a * b);
    }

    /** Runs one prepared batch through {@code base} and applies the request's pooling: {@code count * featureDim} floats. */
    public static float[] features(Request r, FrozenBase base, Batch batch) {
        List<Integer> layerShape = Vgg16.outputShape(r.layer(), r.inputSize());
        return r.pooling().apply(base.forward(batch.pixels(), batch.count(), r.inputSize()), batch.count(), layerShape);
    }

    /**
     * The complete entry, or empty when there is none or its manifest is damaged: a damaged entry is rebuilt in
     * place (its runs are kept), which is what the user asked for by running extract.
     */
    private static java.util.Optional<FeatureEntry> findIntact(Path featuresDir, String name, PrintStream log) {
        try {
            return FeatureStore.find(featuresDir, name);
        } catch (DataError e) {
            log.println("warning: " + e.getMessage().replaceFirst("; (rebuild it with|rerun the 'frozen extract') .*$", "")
                    + "; rebuilding the entry (its fitted runs are kept)");
            return java.util.Optional.empty();
        }
    }

    /**
     * Runs the images of one split through {@code base} from the earliest row any target still lacks, and commits
     * each target's rows it does not have yet (a target that resumed further along skips those it already holds).
     */
    private static long extractSplit(Request r, FrozenBase base, List<Target> targets, Split split, PrintStream log) {
        int total = r.dataset().size(split);
        int[] committed = new int[targets.size()];
        int from = total;
        for (int t = 0; t < targets.size(); t++) {
            committed[t] = targets.get(t).partial.committedRows(split);
            from = Math.min(from, committed[t]);
        }
        int start = from;
        if (from > 0 && from < total) {
            log.printf("resuming %s at row %d of %d (earlier rows are already committed)%n", split.fileStem(), from, total);
        }
        int size = r.inputSize();
        List<String> layers = base.layers();
        ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "frozen-reader");
            t.setDaemon(true);
            return t;
        });
        try (Progress progress = new Progress("extract " + split.fileStem(), total, "img", from, System.err)) {
            // Read and preprocess the next batch while the current one runs through the network.
            CompletableFuture<Batch> next = from < total
                    ? CompletableFuture.supplyAsync(() -> prepare(r, split, start, total), reader) : null;
            int row = from;
            while (next != null) {
                Batch batch = join(next);
                int nextFrom = row + batch.count;
                next = nextFrom < total
                        ? CompletableFuture.supplyAsync(() -> prepare(r, split, nextFrom, total), reader) : null;
                float[][] all = base.forwardAll(batch.pixels, batch.count, size);
                for (int t = 0; t < targets.size(); t++) {
                    if (committed[t] >= nextFrom) {
                        continue;
                    }
                    Request tr = targets.get(t).request;
                    List<Integer> layerShape = Vgg16.outputShape(tr.layer(), size);
                    int dim = tr.pooling().shape(layerShape).stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
                    float[] features = tr.pooling().apply(all[layers.indexOf(tr.layer())], batch.count, layerShape);
                    int skip = Math.max(0, committed[t] - row);
                    int count = batch.count - skip;
                    targets.get(t).partial.commitChunk(split, row + skip,
                            java.util.Arrays.copyOfRange(batch.labels, skip, batch.count),
                            skip == 0 ? features : java.util.Arrays.copyOfRange(features, skip * dim, batch.count * dim),
                            count, dim);
                }
                progress.advance(batch.count);
                row = nextFrom;
            }
            return total - from;
        } finally {
            reader.shutdownNow();
        }
    }

    /** Preprocessed images of rows {@code [from, from + count)} of a split and their labels. */
    public record Batch(int count, int[] labels, float[] pixels) {}

    /** Reads and preprocesses the next batch of rows from {@code from} (at most {@code r.batch()}, ending before {@code total}). */
    public static Batch prepare(Request r, Split split, int from, int total) {
        int count = Math.min(r.batch(), total - from);
        List<LabeledImage> images = r.dataset().read(split, from, count);
        if (images.size() != count) {
            throw new DataError("expected " + count + " images at " + split.fileStem() + " row " + from + " of "
                    + r.dataset().location() + ", found " + images.size());
        }
        int size = r.inputSize();
        int stride = size * size * 3;
        float[] pixels = new float[count * stride];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            LabeledImage img = images.get(i);
            labels[i] = img.label();
            r.preprocessing().apply(img.image(), size, pixels, i * stride);
        }
        return new Batch(count, labels, pixels);
    }

    private static Batch join(CompletableFuture<Batch> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private static Map<String, String> versions(Request r) {
        Map<String, String> v = new java.util.LinkedHashMap<>(Versions.all());
        v.put("engine", r.engine().id());
        return v;
    }

    private static Manifest manifest(Request r, CacheKey key, String name) {
        ImageDataset ds = r.dataset();
        return new Manifest(Manifest.FORMAT_VERSION, name,
                new Manifest.Dataset(ds.kind(), ds.displayName(), ds.fingerprint(), ds.location()),
                new Manifest.Weights(r.weightsId(), r.weightsSha256().get(), r.randomWeights(), r.weightsPath()),
                "vgg16", r.layer(), r.inputSize(), r.preprocessing().id(),
                r.pooling().shape(Vgg16.outputShape(r.layer(), r.inputSize())),
                r.pooling().shape(Vgg16.outputShape(r.layer(), r.inputSize())).stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b),
                Map.of(Split.TRAIN.fileStem(), ds.size(Split.TRAIN), Split.TEST.fileStem(), ds.size(Split.TEST)),
                ds.classNames(), Map.of(), versions(r), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                r.pooling() == Pooling.NONE ? null : r.pooling().id(),
                r.precision() == Precision.FP32 ? null : r.precision().id(),
                r.augment() == Augment.NONE ? null : r.augment().id());
    }
}
