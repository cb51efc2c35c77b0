package dev.frozen.features;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The content address of a feature entry: a SHA-256 over every setting that changes the numbers
 * (dataset content, weights content, backbone, layer, input size, preprocessing, file format), and a
 * readable entry name ending in the first 8 hex digits of that hash.
 */
public record CacheKey(String datasetName, String datasetFingerprint, String weightsIdentity, boolean randomWeights,
        String layer, int inputSize, String preprocessing, String pooling, String precision, String augment) {

    /** A key without augmentation (the default; such keys hash exactly as before augmentation was a setting). */
    public CacheKey(String datasetName, String datasetFingerprint, String weightsIdentity, boolean randomWeights,
            String layer, int inputSize, String preprocessing, String pooling, String precision) {
        this(datasetName, datasetFingerprint, weightsIdentity, randomWeights, layer, inputSize, preprocessing, pooling,
                precision, "none");
    }

    /** A key in fp32 (the default; such keys hash exactly as before precision was a setting). */
    public CacheKey(String datasetName, String datasetFingerprint, String weightsIdentity, boolean randomWeights,
            String layer, int inputSize, String preprocessing, String pooling) {
        this(datasetName, datasetFingerprint, weightsIdentity, randomWeights, layer, inputSize, preprocessing, pooling, "fp32");
    }

    /** A key without global pooling (the default; such keys hash exactly as before pooling existed). */
    public CacheKey(String datasetName, String datasetFingerprint, String weightsIdentity, boolean randomWeights,
            String layer, int inputSize, String preprocessing) {
        this(datasetName, datasetFingerprint, weightsIdentity, randomWeights, layer, inputSize, preprocessing, "none");
    }

    public Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("format", Integer.toString(Manifest.FORMAT_VERSION));
        f.put("backbone", "vgg16");
        f.put("dataset", datasetFingerprint);
        f.put("weights", weightsIdentity);
        f.put("layer", layer);
        f.put("input_size", Integer.toString(inputSize));
        f.put("preprocessing", preprocessing);
        if (!pooling.equals("none")) {
            f.put("pooling", pooling); // only when set, so entries without pooling keep their names
        }
        if (!precision.equals("fp32")) {
            f.put("precision", precision);
        }
        if (!augment.equals("none")) {
            f.put("augment", augment); // the train split holds augmented copies: other rows, another entry
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
        StringBuilder name = new StringBuilder(datasetName).append("-vgg16-").append(layer).append('-')
                .append(inputSize).append("px");
        if (!preprocessing.equals("caffe")) {
            name.append('-').append(preprocessing);
        }
        if (!pooling.equals("none")) {
            name.append('-').append(pooling).append("pool");
        }
        if (!precision.equals("fp32")) {
            name.append('-').append(precision);
        }
        if (!augment.equals("none")) {
            name.append('-').append(augment);
        }
        if (randomWeights) {
            name.append("-random");
        }
        return name.append('-').append(hash(), 0, 8).toString();
    }
}
