package dev.frozen.features;

/**
 * The one place for extraction defaults, shared by {@code extract}'s flags and pipeline files: the tutorial's
 * settings (VGG16 on ImageNet weights, {@code block5_pool}, 48 px, Keras "caffe" preprocessing) and where the cache
 * lives. Compile-time constants, so picocli annotations can use them. The smallest input size is
 * {@link dev.frozen.backbone.Vgg16#MIN_INPUT}.
 */
public final class ExtractionDefaults {
    private ExtractionDefaults() {}

    public static final String DATASET = "cifar10";
    public static final String WEIGHTS = "imagenet";
    public static final String LAYER = "block5_pool";
    public static final int INPUT_SIZE = 48;
    public static final String PREPROCESSING = "caffe";
    public static final String POOLING = "none";
    public static final String PRECISION = "fp32";
    public static final String ENGINE = "onednn";
    public static final String FEATURES_DIR = "features";
}
