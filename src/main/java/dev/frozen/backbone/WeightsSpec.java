package dev.frozen.backbone;

import dev.frozen.FrozenHome;
import dev.frozen.Setting;
import dev.frozen.UsageError;
import dev.frozen.data.ContentHashes;
import dev.frozen.data.Downloader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code --weights} asked for: the Keras ImageNet file ({@code imagenet}), a local Keras-layout H5
 * file, or He-initialised random weights ({@code random:SEED}, for smoke runs only).
 */
public record WeightsSpec(Kind kind, Path file, long seed, FrozenHome home) {
    public enum Kind { IMAGENET, FILE, RANDOM }

    public static final String IMAGENET_FILE = "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5";
    public static final String IMAGENET_URL =
            "https://storage.googleapis.com/tensorflow/keras-applications/vgg16/" + IMAGENET_FILE;
    public static final String IMAGENET_MD5 = "6d6bbae143d832006294945121d1f1fc";

    public static WeightsSpec parse(String value, FrozenHome home) {
        if (value == null || value.isBlank() || value.equals("imagenet")) {
            return new WeightsSpec(Kind.IMAGENET, null, 0, home);
        }
        if (value.startsWith("random:")) {
            try {
                return new WeightsSpec(Kind.RANDOM, null, Long.parseLong(value.substring("random:".length())), home);
            } catch (NumberFormatException e) {
                throw new UsageError(Setting.key("weights") + " random:SEED needs an integer seed, found '" + value + "'");
            }
        }
        Path file = Path.of(value);
        if (!Files.exists(file)) {
            throw new UsageError(Setting.key("weights") + " expects imagenet, random:SEED or an existing .h5 file; found '" + value
                    + "', which does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new UsageError(Setting.key("weights") + " expects imagenet, random:SEED or an existing .h5 file; found '" + value
                    + "', which is a folder; pass the .h5 file inside it");
        }
        return new WeightsSpec(Kind.FILE, file.toAbsolutePath().normalize(), 0, home);
    }

    /**
     * The weights an entry was extracted with, from its manifest fields: {@code imagenet}, {@code random:SEED},
     * or a file at {@code path}. Heads that rebuild convolution blocks use this to reload them.
     */
    public static WeightsSpec fromManifest(String id, String path, FrozenHome home) {
        return parse(path != null ? path : id, home);
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

    /**
     * What the cache key uses for these weights: the MD5 of the H5 file (the ImageNet file's is known, so a
     * cache hit needs neither the file nor a hash), or the seed and initialiser for random weights.
     */
    public String identity() {
        return switch (kind) {
            case IMAGENET -> "md5:" + IMAGENET_MD5;
            case RANDOM -> "random:" + seed + ":he-normal-v1";
            case FILE -> "md5:" + ContentHashes.in(home.dir()).md5(file);
        };
    }

    /** The H5 file, downloading the ImageNet weights into {@code home/weights/} on first use. */
    public Path resolveFile() {
        return switch (kind) {
            case FILE -> file;
            case RANDOM -> throw new IllegalStateException("random weights have no file");
            case IMAGENET -> {
                // Overridable so tests (and mirrors) can serve the file from elsewhere.
                String url = System.getProperty("frozen.weights.url",
                        System.getenv().getOrDefault("FROZEN_WEIGHTS_URL", IMAGENET_URL));
                Path target = home.resolve("weights").resolve(IMAGENET_FILE);
                yield Downloader.fetch(URI.create(url), IMAGENET_MD5, target, "download " + IMAGENET_URL
                        + " yourself and pass " + Setting.key("weights") + " /path/to/" + IMAGENET_FILE + " (or copy it to " + target + ")",
                        ContentHashes.in(home.dir()), System.err);
            }
        };
    }

    public Vgg16Weights load() {
        return kind == Kind.RANDOM ? Vgg16Weights.random(seed) : KerasH5.load(resolveFile());
    }

    /** SHA-256 of the weights file for the manifest; null for random weights. */
    public String sha256() {
        return kind == Kind.RANDOM ? null : ContentHashes.in(home.dir()).sha256(resolveFile());
    }
}
