package dev.frozen.features;

import dev.frozen.DataError;
import dev.frozen.Progress;
import dev.frozen.backbone.FrozenBase;
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
    /**
     * The frozen weights of a request: how the manifest ({@code id}, {@code path}) and the cache key ({@code identity})
     * name them, and how to load and hash them, which happens only on a cache miss.
     */
    public record Weights(String id, String identity, boolean random, Supplier<Vgg16Weights> load,
            Supplier<String> sha256, String path) {
        /** The weights {@code --weights} or a pipeline named; the single place that maps a spec to a request's weights. */
        public static Weights of(WeightsSpec spec) {
            return new Weights(spec.id(), spec.identity(), spec.isRandom(), spec::load, spec::sha256,
                    spec.file() == null ? null : spec.file().toString());
        }
    }

    /**
     * Everything one extraction needs: the images, the weights, how the base is run, where the entry goes, whether to
     * recompute a cached entry, and the engine (which does not change the numbers, so it is not a setting). The
     * dataset is seen through the settings' augmentation ({@link Augment#wrap}).
     */
    public record Request(ImageDataset dataset, Weights weights, ExtractionSettings settings, Path featuresDir,
            boolean force, FrozenBase.Engine engine) {

        public Request {
            java.util.Objects.requireNonNull(settings, "settings");
            engine = engine == null ? FrozenBase.Engine.ONEDNN : engine;
            dataset = settings.augment().wrap(dataset);
        }

        /** The same request cut at another layer. */
        public Request withLayer(String other) {
            return new Request(dataset, weights, settings.withLayer(other), featuresDir, force, engine);
        }
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
        return new CacheKey(r.dataset().displayName(), r.dataset().fingerprint(), r.weights().identity(),
                r.weights().random(), r.settings());
    }

    /** {@link ExtractionSettings#autoBatch}, for callers that size batches without settings (predict, bench). */
    public static int autoBatch(int inputSize) {
        return ExtractionSettings.autoBatch(inputSize);
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
            Request first = requests.get(0);
            if (!r.withLayer(first.settings().layer()).equals(first)) {
                throw new IllegalArgumentException("requests extracted together must differ only in their layer");
            }
        }
        Request first = requests.get(0);
        // Before hashing or reading anything: batches that cannot fit would fail part-way through.
        Vgg16.requireFitsInMemory(first.settings().inputSize(), first.settings().batchSize(), first.dataset().size(Split.TRAIN),
                first.dataset().size(Split.TEST));
        Result[] results = new Result[requests.size()];
        List<Integer> misses = new java.util.ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            var hit = r.force() ? java.util.Optional.<FeatureEntry>empty() : findIntact(r.featuresDir(), key(r).entryName(), log);
            if (hit.isPresent()) {
                results[i] = new Result(hit.get(), true, 0, 0);
            } else if (misses.stream().noneMatch(j -> requests.get(j).settings().layer().equals(r.settings().layer()))) {
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
                List<String> layers = targets.stream().map(t -> t.request.settings().layer()).toList();
                try (FrozenBase base = FrozenBase.create(first.weights().load().get(), layers, first.engine(),
                        first.settings().precision())) {
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
                String layer = requests.get(i).settings().layer();
                for (int j = 0; j < i; j++) {
                    if (requests.get(j).settings().layer().equals(layer)) {
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
        return r.force() ? java.util.Optional.empty() : findIntact(r.featuresDir(), key(r).entryName(), log);
    }

    /** The manifest of the entry this request makes, before its files are known (what every data file embeds). */
    public static Manifest plannedManifest(Request r) {
        CacheKey key = key(r);
        return manifest(r, key, key.entryName());
    }

    /** Features per row for this request (after pooling). */
    public static int featureDim(Request r) {
        return r.settings().featureDim();
    }

    /** Runs one prepared batch through {@code base} and applies the request's pooling: {@code count * featureDim} floats. */
    public static float[] features(Request r, FrozenBase base, Batch batch) {
        ExtractionSettings s = r.settings();
        List<Integer> layerShape = Vgg16.outputShape(s.layer(), s.inputSize());
        return s.pooling().apply(base.forward(batch.pixels(), batch.count(), s.inputSize()), batch.count(), layerShape);
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
        int size = r.settings().inputSize();
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
                    ExtractionSettings ts = targets.get(t).request.settings();
                    List<Integer> layerShape = Vgg16.outputShape(ts.layer(), size);
                    int dim = ts.featureDim();
                    float[] features = ts.pooling().apply(all[layers.indexOf(ts.layer())], batch.count, layerShape);
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

    /** Reads and preprocesses the next batch of rows from {@code from} (at most {@code r.settings().batchSize()}, ending before {@code total}). */
    public static Batch prepare(Request r, Split split, int from, int total) {
        int count = Math.min(r.settings().batchSize(), total - from);
        List<LabeledImage> images = r.dataset().read(split, from, count);
        if (images.size() != count) {
            throw new DataError("expected " + count + " images at " + split.fileStem() + " row " + from + " of "
                    + r.dataset().location() + ", found " + images.size());
        }
        int size = r.settings().inputSize();
        int stride = size * size * 3;
        float[] pixels = new float[count * stride];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            LabeledImage img = images.get(i);
            labels[i] = img.label();
            r.settings().preprocessing().apply(img.image(), size, pixels, i * stride);
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
        Weights w = r.weights();
        return Manifest.of(name, new Manifest.Dataset(ds.kind(), ds.displayName(), ds.fingerprint(), ds.location()),
                new Manifest.Weights(w.id(), w.sha256().get(), w.random(), w.path()), r.settings(),
                Map.of(Split.TRAIN.fileStem(), ds.size(Split.TRAIN), Split.TEST.fileStem(), ds.size(Split.TEST)),
                ds.classNames(), versions(r), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }
}
