package dev.frozen.features;

/**
 * The defaults of what {@code extract} and pipelines read and where the cache lives: the dataset, the weights, the
 * engine and the features folder. How the base is run (layer, input size, preprocessing, pooling, precision) has its
 * defaults in {@link ExtractionSettings}. Compile-time constants, so picocli annotations can use them.
 */
public final class ExtractionDefaults {
    private ExtractionDefaults() {}

    public static final String DATASET = "cifar10";
    public static final String WEIGHTS = "imagenet";
    public static final String ENGINE = "onednn";
    public static final String FEATURES_DIR = "features";
}
