package dev.frozen.features;

import dev.frozen.backbone.Pooling;
import dev.frozen.backbone.Precision;
import dev.frozen.backbone.Preprocessing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The content address of a feature entry: a SHA-256 over every setting that changes the numbers (dataset content,
 * weights content, backbone, and the {@link ExtractionSettings} but its batch size), and a readable entry name ending
 * in the first 8 hex digits of that hash. The key text is where the settings become strings again.
 */
public record CacheKey(String datasetName, String datasetFingerprint, String weightsIdentity, boolean randomWeights,
        ExtractionSettings settings) {

    /**
     * The hashed fields, in this order. Settings at their default (pooling none, precision fp32, augment none) are left
     * out, so that entries made before each setting existed keep their keys.
     */
    public Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("format", Integer.toString(Manifest.FORMAT_VERSION));
        f.put("backbone", "vgg16");
        f.put("dataset", datasetFingerprint);
        f.put("weights", weightsIdentity);
        f.put("layer", settings.layer());
        f.put("input_size", Integer.toString(settings.inputSize()));
        f.put("preprocessing", settings.preprocessing().id());
        if (settings.pooling() != Pooling.NONE) {
            f.put("pooling", settings.pooling().id());
        }
        if (settings.precision() != Precision.FP32) {
            f.put("precision", settings.precision().id());
        }
        if (settings.augment() != Augment.NONE) {
            f.put("augment", settings.augment().id()); // the train split holds augmented copies: other rows, another entry
        }
        return f;
    }

    public String hash() {
        String canonical = fields().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** e.g. {@code cifar10-vgg16-block5_pool-48px-3f2a9c1d}; non-default preprocessing and random weights show too. */
    public String entryName() {
        StringBuilder name = new StringBuilder(datasetName).append("-vgg16-").append(settings.layer()).append('-')
                .append(settings.inputSize()).append("px");
        if (settings.preprocessing() != Preprocessing.CAFFE) {
            name.append('-').append(settings.preprocessing().id());
        }
        if (settings.pooling() != Pooling.NONE) {
            name.append('-').append(settings.pooling().id()).append("pool");
        }
        if (settings.precision() != Precision.FP32) {
            name.append('-').append(settings.precision().id());
        }
        if (settings.augment() != Augment.NONE) {
            name.append('-').append(settings.augment().id());
        }
        if (randomWeights) {
            name.append("-random");
        }
        return name.append('-').append(hash(), 0, 8).toString();
    }
}
