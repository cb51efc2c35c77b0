package dev.frozen.features;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code frozen extract} command that remakes an entry with one setting changed, spelled out from its manifest
 * (data, weights, input size, preprocessing, pooling, precision, features folder), so that a suggested command never
 * falls back to the defaults: those would download CIFAR-10 and the ImageNet weights.
 */
public final class ExtractHint {
    private ExtractHint() {}

    /** The command that extracts {@code layer} with every other setting of {@code m}, into {@code featuresDir}. */
    public static String command(Manifest m, Path featuresDir, String layer) {
        List<String> words = new ArrayList<>(List.of("frozen", "extract"));
        if (m.dataset() != null) {
            if (!ExtractionDefaults.DATASET.equals(m.dataset().kind())) {
                words.add("--dataset");
                words.add(m.dataset().kind());
            }
            if (m.dataset().location() != null) {
                words.add("--data");
                words.add(quote(m.dataset().location()));
            }
        }
        if (m.weights() != null) {
            String weights = m.weights().path() != null ? m.weights().path() : m.weights().id();
            if (!ExtractionDefaults.WEIGHTS.equals(weights)) {
                words.add("--weights");
                words.add(quote(weights));
            }
        }
        words.add("--layer");
        words.add(layer);
        words.add("--input-size");
        words.add(Integer.toString(m.inputSize()));
        if (m.preprocessing() != null && !ExtractionSettings.DEFAULT_PREPROCESSING.equals(m.preprocessing())) {
            words.add("--preprocessing");
            words.add(m.preprocessing());
        }
        if (m.pooling() != null) {
            words.add("--pooling");
            words.add(m.pooling());
        }
        if (m.precision() != null) {
            words.add("--precision");
            words.add(m.precision());
        }
        if (featuresDir != null) {
            words.add("--features-dir");
            words.add(quote(featuresDir.toString()));
        }
        return String.join(" ", words);
    }

    /** A word as a POSIX shell reads it back: single-quoted when it holds anything but plain path characters. */
    static String quote(String word) {
        if (word.matches("[A-Za-z0-9_@%+=:,./~-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
