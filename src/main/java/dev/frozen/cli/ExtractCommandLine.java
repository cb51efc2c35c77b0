package dev.frozen.cli;

import dev.frozen.features.ExtractHint;
import dev.frozen.features.ExtractionDefaults;
import dev.frozen.features.Manifest;
import java.util.ArrayList;
import java.util.List;

/**
 * Spells out an {@link ExtractHint} as the {@code frozen extract} command that remakes the entry at the hinted layer
 * with every other setting of its manifest, so that a suggested command never falls back to the defaults: those
 * would download CIFAR-10 and the ImageNet weights.
 */
final class ExtractCommandLine {
    private ExtractCommandLine() {}

    /** The command, e.g. {@code frozen extract --data /d --layer block4_pool --input-size 64}. */
    static String of(ExtractHint hint) {
        Manifest m = hint.manifest();
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
        words.add(hint.layer());
        words.add("--input-size");
        words.add(Integer.toString(m.inputSize()));
        if (m.preprocessing() != null && !dev.frozen.features.ExtractionSettings.DEFAULT_PREPROCESSING.equals(m.preprocessing())) {
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
        if (hint.featuresDir() != null) {
            words.add("--features-dir");
            words.add(quote(hint.featuresDir().toString()));
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
