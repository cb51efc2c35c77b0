package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.data.Fixtures;
import dev.frozen.data.Split;
import dev.frozen.experiments.fit.AugmentedSplit;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.features.ArrowFeatures;
import dev.frozen.features.Augment;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code extract --augment hflip} and {@code fit --augment}: copies in train only, validation without leaks. */
class AugmentTest {
    @TempDir
    Path tmp;

    private FeatureEntry extract(Path features, String... extra) throws Exception {
        Path data = Fixtures.cifarFolder(tmp, 3);
        List<String> args = new java.util.ArrayList<>(List.of("extract", "--data", data.toString(), "--features-dir",
                features.toString(), "--input-size", "32", "--weights", "random:3", "--layer", "input"));
        args.addAll(List.of(extra));
        CliRun r = CliRun.in(tmp.resolve("home"), args.toArray(new String[0]));
        assertEquals(0, r.code(), r.toString());
        Matcher m = Pattern.compile("(cifar10-vgg16-\\S+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        return FeatureStore.find(features, m.group(1).replaceFirst(".*/", "")).orElseThrow();
    }

    @Test
    void hflipDoublesTrainOnlyAndEachCopyIsItsOriginalMirrored() throws Exception {
        // At layer input the rows are the preprocessed images, so a copy can be checked pixel by pixel.
        FeatureEntry plain = extract(tmp.resolve("plain"));
        FeatureEntry flipped = extract(tmp.resolve("flipped"), "--augment", "hflip");
        assertNotEquals(plain.name(), flipped.name());
        assertTrue(flipped.name().contains("-hflip-"), flipped.name());
        assertEquals("hflip", flipped.manifest().augment());
        FeatureSet originals = plain.load(Split.TRAIN);
        FeatureSet train = flipped.load(Split.TRAIN);
        assertEquals(2 * originals.size(), train.size());
        assertArrayEquals(plain.load(Split.TEST).labels(), flipped.load(Split.TEST).labels());
        assertEquals(plain.load(Split.TEST).size(), flipped.load(Split.TEST).size());
        int[] originalOf = Augment.HFLIP.originals(train.size());
        int n = originals.size();
        // The train file marks each row's original in its own column; test and plain entries keep two columns.
        long[] marked = ArrowFeatures.originalRows(flipped.dir().resolve("train.arrow"));
        assertArrayEquals(java.util.Arrays.stream(originalOf).asLongStream().toArray(), marked);
        assertEquals(n, java.util.Arrays.stream(marked).filter(r -> r < n).distinct().count());
        assertEquals(null, ArrowFeatures.originalRows(flipped.dir().resolve("test.arrow")));
        assertEquals(null, ArrowFeatures.originalRows(plain.dir().resolve("train.arrow")));
        for (int r = 0; r < train.size(); r++) {
            float[] row = train.features()[r];
            float[] original = originals.features()[originalOf[r]];
            assertEquals(originals.labels()[originalOf[r]], train.labels()[r]);
            if (r < n) {
                assertArrayEquals(original, row, "original row " + r);
            } else {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        for (int c = 0; c < 3; c++) {
                            assertEquals(original[(y * 32 + 31 - x) * 3 + c], row[(y * 32 + x) * 3 + c], 0f);
                        }
                    }
                }
            }
        }
    }

    @Test
    void validationHoldsOriginalsOnlyAndNoCopyOfThemTrains() {
        int n = 40;
        float[][] x = new float[2 * n][];
        int[] y = new int[2 * n];
        for (int r = 0; r < 2 * n; r++) {
            x[r] = new float[] {r};
            y[r] = (r % n) % 4;
        }
        FeatureSet all = new FeatureSet(x, y, List.of("a", "b", "c", "d"));
        int[] originalOf = Augment.HFLIP.originals(2 * n);
        for (long seed = 1; seed <= 5; seed++) {
            AugmentedSplit.Rows rows = AugmentedSplit.rows(all, originalOf, 0.2, seed);
            Set<Integer> valOriginals = new HashSet<>();
            for (int r : rows.val()) {
                assertEquals(r, originalOf[r], "validation row " + r + " is a copy");
                valOriginals.add(r);
            }
            assertEquals(n / 5, valOriginals.size()); // 2 of the 10 originals of each class
            for (int r : rows.train()) {
                assertFalse(valOriginals.contains(originalOf[r]), "train row " + r + " is a copy of a validation image");
            }
            // Every other row trains, copies included: originals x 2 minus the held-out originals and their copies.
            assertEquals(2 * (n - valOriginals.size()), rows.train().length);
        }
    }

    @Test
    void fitAugmentTrainsOnCopiesAndIsRecorded() throws Exception {
        Path features = tmp.resolve("features");
        FeatureEntry flipped = extract(features, "--augment", "hflip");
        int trainRows = flipped.manifest().rows().get("train");
        String[] base = {"fit", "--features-dir", features.toString(), "--head", "logreg", "--val-fraction", "0.2"};
        RunRecord with = record(CliRun.of(concat(base, "--augment")));
        RunRecord without = record(CliRun.of(base));
        assertEquals("hflip", with.augment());
        assertEquals(null, without.augment());
        assertEquals(2 * without.trainRows(), with.trainRows());
        assertEquals(without.valRows(), with.valRows());
        assertEquals(trainRows / 2, without.trainRows() + without.valRows());

        Path plainDir = tmp.resolve("plain");
        extract(plainDir);
        CliRun refused = CliRun.of("fit", "--features-dir", plainDir.toString(), "--head", "logreg", "--augment");
        assertEquals(2, refused.code(), refused.toString());
        assertTrue(refused.err().contains("has none; extract it with 'frozen extract --augment hflip' first"), refused.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static RunRecord record(CliRun r) {
        assertEquals(0, r.code(), r.toString());
        Matcher m = Pattern.compile("run record:\\s+(\\S+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        return RunStore.read(Path.of(m.group(1)));
    }
}
