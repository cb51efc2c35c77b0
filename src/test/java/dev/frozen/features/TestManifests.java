package dev.frozen.features;

import java.util.List;
import java.util.Map;

/** Builds small, valid manifests for tests. */
public final class TestManifests {
    private TestManifests() {}

    public static Manifest of(String entry, int dim, int trainRows, int testRows, List<String> classes) {
        return new Manifest(Manifest.FORMAT_VERSION, entry,
                new Manifest.Dataset("folder", "synthetic", "f".repeat(64), "/nowhere"),
                new Manifest.Weights("random:1", "0".repeat(64), true),
                "vgg16", "block5_pool", 32, "caffe", List.of(1, 1, dim), dim,
                Map.of("train", trainRows, "test", testRows), classes, Map.of(), Map.of("frozen", "test"),
                "2026-01-01T00:00:00Z", null, null);
    }

    /** The same with train augmented by {@code augment}: {@code trainRows} counts originals and their copies. */
    public static Manifest augmented(String entry, int dim, int trainRows, int testRows, List<String> classes,
            String augment) {
        Manifest m = of(entry, dim, trainRows, testRows, classes);
        return new Manifest(m.formatVersion(), m.entry(), m.dataset(), m.weights(), m.backbone(), m.layer(),
                m.inputSize(), m.preprocessing(), m.featureShape(), m.featureDim(), m.rows(), m.classNames(), m.files(),
                m.versions(), m.created(), m.pooling(), m.precision(), augment);
    }
}
