package dev.frozen.experiments.fit;

import dev.frozen.DataError;
import dev.frozen.Setting;
import dev.frozen.backbone.FrozenBase;
import dev.frozen.backbone.Preprocessing;
import dev.frozen.backbone.Vgg16;
import dev.frozen.backbone.WeightsSpec;
import dev.frozen.data.ImageFolder;
import dev.frozen.data.RgbImage;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.experiments.runs.Staleness;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.EntryWeights;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.Manifest;
import dev.frozen.heads.Head;
import dev.frozen.heads.Heads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Classifies image files with a recorded run: the frozen base is rebuilt from the entry's checked manifest
 * (weights of the recorded digest, layer, input size, preprocessing) and the run's saved head scores its features.
 */
public final class Predictor implements AutoCloseable {
    /** One class and its score for one image. */
    public record Scored(String className, double score) {}

    /** An image's best classes, highest score first; {@code probabilities} tells how to read the scores. */
    public record Prediction(Path image, List<Scored> top, boolean probabilities) {}

    private final RunRecord record;
    private final Manifest manifest;
    private final Head head;
    private final FrozenBase base;

    private final dev.frozen.features.EntryUse use;

    private Predictor(RunRecord record, Manifest manifest, Head head, FrozenBase base, dev.frozen.features.EntryUse use) {
        this.record = record;
        this.manifest = manifest;
        this.head = head;
        this.base = base;
        this.use = use;
    }

    /**
     * Finds the run by id (or a unique prefix of it) under {@code featuresDir} and loads what it needs. The
     * entry comes from the saved head's own description (older heads: the record's {@code features_entry}); its
     * manifest is cross-checked with its files, and the weights with the manifest's digest, so the features are
     * computed exactly as the cached ones were. A run fitted on features that have since changed is still used,
     * with a warning to {@code warn}. Without an override, ImageNet weights are found in (or downloaded to) {@code home}.
     */
    public static Predictor open(Path featuresDir, String runId, WeightsSpec weightsOverride, dev.frozen.FrozenHome home,
            Consumer<String> warn) {
        Located found = locate(featuresDir, runId, warn);
        // Held until close(), so 'cache prune' leaves the entry alone while it is in use.
        dev.frozen.features.EntryUse use = dev.frozen.features.EntryUse.shared(found.entry());
        try {
            Resolved r = check(found, weightsOverride, home, warn, true);
            Manifest manifest = r.manifest();
            // The engine the entry was extracted with (entries older than the record use the default).
            String engine = manifest.versions() == null ? null : manifest.versions().get("engine");
            // The same engine and precision as the entry's rows, so the features match what the head was fitted on.
            FrozenBase base = FrozenBase.create(r.weights().load(), manifest.layer(),
                    engine == null ? FrozenBase.Engine.ONEDNN : FrozenBase.Engine.parse(engine), manifest.precisionMode());
            return new Predictor(r.record(), manifest, r.head(), base, use);
        } catch (RuntimeException e) {
            use.close();
            throw e;
        }
    }

    /**
     * A recorded run with everything needed to compute its answers: its entry's checked manifest, head and weights
     * (null when not asked for).
     */
    public record Resolved(RunRecord record, String entryName, Manifest manifest, Head head, WeightsSpec weights) {}

    /**
     * What {@link #open} checks and loads, without building the base: for exporters that rebuild the same
     * computation elsewhere. Same checks, same errors, same staleness warning; the entry is claimed against
     * {@code cache prune} while it is read. Without {@code withWeights} the weights are neither looked for nor hashed
     * (an exported head alone does not contain them).
     */
    public static Resolved resolve(Path featuresDir, String runId, WeightsSpec weightsOverride, dev.frozen.FrozenHome home,
            Consumer<String> warn, boolean withWeights) {
        Located found = locate(featuresDir, runId, warn);
        try (dev.frozen.features.EntryUse use = dev.frozen.features.EntryUse.shared(found.entry())) {
            return check(found, weightsOverride, home, warn, withWeights);
        }
    }

    /** A run record with its complete entry and what its saved head says it was fitted on. */
    private record Located(RunStore.StoredRun run, FeatureEntry entry, Map<String, String> source) {}

    private static Located locate(Path featuresDir, String runId, Consumer<String> warn) {
        RunStore.StoredRun run = RunStore.find(featuresDir, runId, warn);
        RunRecord record = run.record();
        if (run.inconsistency() != null) {
            throw new DataError("run record " + run.recordFile() + " is inconsistent: " + run.inconsistency()
                    + " (a copied or edited record?); predict with the run its file name names, or remove this record with"
                    + " 'frozen runs rm " + run.id() + " " + Setting.flag("delete") + "'");
        }
        Path modelDir = run.modelDir();
        if (!Files.isDirectory(modelDir)) {
            throw new DataError("run " + record.runId() + " has no saved model at " + modelDir
                    + "; fit it again (or remove it with 'frozen runs rm " + record.runId() + " " + Setting.flag("delete")
                    + "')");
        }
        Map<String, String> source = Heads.source(modelDir);
        String entryName = source.getOrDefault("entry", record.featuresEntry() != null ? record.featuresEntry() : run.entryName());
        if (!entryName.equals(run.entryName())) {
            throw new DataError("run " + record.runId() + " lives in entry " + run.entryName() + " but its model says it"
                    + " was fitted on " + entryName + "; the run was moved or edited, fit it again on the entry you mean");
        }
        FeatureEntry entry = FeatureStore.find(featuresDir, entryName).orElseThrow(() -> new DataError("run "
                + record.runId() + " was fitted on feature entry " + entryName + ", which is not complete under "
                + featuresDir + "; rerun the extract that made it (the run is kept)"));
        return new Located(run, entry, source);
    }

    private static Resolved check(Located found, WeightsSpec weightsOverride, dev.frozen.FrozenHome home,
            Consumer<String> warn, boolean withWeights) {
        RunStore.StoredRun run = found.run();
        FeatureEntry entry = found.entry();
        Map<String, String> source = found.source();
        RunRecord record = run.record();
        Path modelDir = run.modelDir();
        String entryName = entry.name();
        Manifest manifest = entry.manifest();
        entry.checkFiles();
        if ((record.layer() != null && !record.layer().equals(manifest.layer()))
                || (record.inputSize() != 0 && record.inputSize() != manifest.inputSize())) {
            throw new DataError("run " + record.runId() + " was fitted on " + record.layer() + " at " + record.inputSize()
                    + " px, but entry " + entryName + " holds " + manifest.layer() + " at " + manifest.inputSize() + " px");
        }
        String stale = Staleness.of(record, source, entry);
        if (stale != null) {
            warn.accept("warning: run " + record.runId() + " is stale: " + stale
                    + "; its predictions may be off, refit it on the current features");
        }
        Head head = Heads.load(modelDir);
        WeightsSpec weights = withWeights ? EntryWeights.verified(entryName, manifest, weightsOverride, home) : null;
        return new Resolved(record, entryName, manifest, head, weights);
    }

    public RunRecord record() {
        return record;
    }

    public List<Prediction> predict(List<Path> images, int topK) {
        int size = manifest.inputSize();
        int stride = size * size * 3;
        Preprocessing prep = Preprocessing.parse(manifest.preprocessing());
        float[] pixels = new float[images.size() * stride];
        for (int i = 0; i < images.size(); i++) {
            RgbImage img = ImageFolder.decode(images.get(i));
            prep.apply(img, size, pixels, i * stride);
        }
        // Pooled exactly as the entry's rows were (the manifest is verified before a Predictor exists).
        float[] flat = manifest.poolingMode().apply(base.forward(pixels, images.size(), size), images.size(),
                Vgg16.outputShape(manifest.layer(), size));
        int dim = manifest.featureDim();
        float[][] features = new float[images.size()][dim];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(flat, i * dim, features[i], 0, dim);
        }
        double[][] scores = head.scores(features);
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            double[] s = scores[i];
            List<Scored> top = IntStream.range(0, s.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer j) -> s[j]).reversed())
                    .limit(topK).map(j -> new Scored(head.classNames().get(j), s[j])).toList();
            out.add(new Prediction(images.get(i), top, head.probabilistic()));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            base.close();
        } finally {
            use.close();
        }
    }
}
