package dev.frozen.backbone;

import dev.frozen.UsageError;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code --weights} asked for: the Keras ImageNet file ({@code imagenet}), a local Keras-layout H5
 * file, or He-initialised random weights ({@code random:SEED}, for smoke runs only).
 */
public record WeightsSpec(Kind kind, Path file, long seed) {
    public enum Kind { IMAGENET, FILE, RANDOM }

    public static final String IMAGENET_FILE = "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5";
    public static final String IMAGENET_URL =
            "https://storage.googleapis.com/tensorflow/keras-applications/vgg16/" + IMAGENET_FILE;
    public static final String IMAGENET_MD5 = "6d6bbae143d832006294945121d1f1fc";

    public static WeightsSpec parse(String value) {
        if (value == null || value.isBlank() || value.equals("imagenet")) {
            return new WeightsSpec(Kind.IMAGENET, null, 0);
        }
        if (value.startsWith("random:")) {
            try {
                return new WeightsSpec(Kind.RANDOM, null, Long.parseLong(value.substring("random:".length())));
            } catch (NumberFormatException e) {
                throw new UsageError("--weights random:SEED needs an integer seed, found '" + value + "'");
            }
        }
        Path file = Path.of(value);
        if (!Files.exists(file)) {
            throw new UsageError("--weights expects imagenet, random:SEED or an existing .h5 file; found '" + value
                    + "', which does not exist");
        }
        return new WeightsSpec(Kind.FILE, file.toAbsolutePath().normalize(), 0);
    }

    /** How the weights are named in manifests: {@code imagenet}, {@code random:SEED} or the file name. */
    public String id() {
        return switch (kind) {
            case IMAGENET -> "imagenet";
            case RANDOM -> "random:" + seed;
            case FILE -> file.getFileName().toString();
        };
    }

    public boolean isRandom() {
        return kind == Kind.RANDOM;
    }
}
