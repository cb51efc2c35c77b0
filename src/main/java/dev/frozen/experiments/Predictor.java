package dev.frozen.experiments;

import dev.frozen.UsageError;
import dev.frozen.backbone.FrozenBase;
import dev.frozen.backbone.Preprocessing;
import dev.frozen.backbone.Vgg16;
import dev.frozen.backbone.WeightsSpec;
import dev.frozen.data.ImageFolder;
import dev.frozen.data.RgbImage;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.Manifest;
import dev.frozen.heads.Head;
import dev.frozen.heads.Heads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Classifies image files with a recorded run: the frozen base is rebuilt from the entry's manifest (weights,
 * layer, input size, preprocessing) and the run's saved head scores its features.
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

    private Predictor(RunRecord record, Manifest manifest, Head head, FrozenBase base) {
        this.record = record;
        this.manifest = manifest;
        this.head = head;
        this.base = base;
    }

    /** Finds the run by id (or a unique prefix of it) under {@code featuresDir} and loads what it needs. */
    public static Predictor open(Path featuresDir, String runId, WeightsSpec weightsOverride) {
        List<Path> matches = new ArrayList<>();
        for (FeatureEntry entry : FeatureStore.list(featuresDir)) {
            if (!Files.isDirectory(entry.runsDir())) {
                continue;
            }
            try (Stream<Path> files = Files.list(entry.runsDir())) {
                files.filter(f -> f.getFileName().toString().startsWith(runId) && f.toString().endsWith(".json"))
                        .forEach(matches::add);
            } catch (IOException e) {
                throw new dev.frozen.DataError("cannot list " + entry.runsDir() + ": " + e.getMessage(), e);
            }
        }
        if (matches.isEmpty()) {
            throw new UsageError("no run '" + runId + "' under " + featuresDir + "; 'frozen compare' lists the runs");
        }
        if (matches.size() > 1) {
            throw new UsageError("run id '" + runId + "' is ambiguous under " + featuresDir + ": " + matches.stream()
                    .map(p -> p.getFileName().toString().replace(".json", "")).toList());
        }
        Path recordFile = matches.get(0);
        RunRecord record = RunRecords.read(recordFile);
        Manifest manifest = FeatureStore.resolve(featuresDir, recordFile.getParent().getParent().getFileName().toString())
                .manifest();
        Head head = Heads.load(recordFile.resolveSibling(record.modelFile()));
        WeightsSpec weights = weightsOverride != null ? weightsOverride
                : WeightsSpec.fromManifest(manifest.weights().id(), manifest.weights().path());
        FrozenBase base = FrozenBase.create(weights.load(), manifest.layer());
        return new Predictor(record, manifest, head, base);
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
        float[] flat = base.forward(pixels, images.size(), size);
        int dim = Vgg16.featureDim(manifest.layer(), size);
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
        base.close();
    }
}
