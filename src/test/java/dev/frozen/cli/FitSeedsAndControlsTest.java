package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frozen.Json;
import dev.frozen.data.Fixtures;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureStore;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fit --seeds N}, the {@code --reinit-trainable} control and K=4/K=5 through the CLI, on tiny 32 px entries
 * extracted with random weights (the accuracies mean nothing; the records and tables are what is checked).
 */
class FitSeedsAndControlsTest {
    @TempDir
    Path tmp;

    private Path extract(Path features, String layer) throws Exception {
        return extract(features, layer, 4);
    }

    /** {@code records} per CIFAR batch file: 5x that many training rows, as many test rows. */
    private Path extract(Path features, String layer, int records) throws Exception {
        Path data = Fixtures.cifarFolder(tmp, records);
        CliRun r = CliRun.in(tmp.resolve("home"), "extract", "--data", data.toString(), "--features-dir",
                features.toString(), "--input-size", "32", "--weights", "random:3", "--layer", layer);
        assertEquals(0, r.code(), r.toString());
        return features;
    }

    private static RunRecord fit(Path features, String entry, String... extra) {
        String[] base = {"fit", "--features-dir", features.toString(), "--features", entry, "--head", "dense",
            "--hidden", "4", "--epochs", "1", "--batch", "8"};
        List<String> args = new java.util.ArrayList<>(List.of(base));
        args.addAll(List.of(extra));
        if (!args.contains("--val-fraction")) {
            args.addAll(List.of("--val-fraction", "0.25"));
        }
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.toString());
        Matcher m = Pattern.compile("run record:\\s+(\\S+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        return RunStore.read(Path.of(m.group(1)));
    }

    private static FeatureEntry only(Path features) {
        List<FeatureEntry> all = FeatureStore.list(features);
        assertEquals(1, all.size());
        return all.get(0);
    }

    @Test
    void seedsRecordEachAccuracyAndPredictionsAndCompareShowsTheSpread() throws Exception {
        Path features = extract(tmp.resolve("features"), "block5_pool");
        FeatureEntry entry = only(features);
        RunRecord r = fit(features, entry.name(), "--seeds", "3", "--seed", "7");
        assertNotNull(r.seeds());
        assertEquals(3, r.seeds().size());
        assertEquals(List.of(7L, 8L, 9L), r.seeds().stream().map(RunRecord.SeedResult::seed).toList());
        double mean = r.seeds().stream().mapToDouble(RunRecord.SeedResult::testAccuracy).average().orElseThrow();
        assertEquals(mean, r.testAccuracy(), 1e-12);
        for (RunRecord.SeedResult s : r.seeds()) {
            assertEquals(r.testRows(), s.predicted().length);
            assertNotNull(s.keptEpoch());
        }
        // The summed confusion matrix holds every seed's test rows.
        int total = java.util.Arrays.stream(r.confusionMatrix()).flatMapToInt(java.util.Arrays::stream).sum();
        assertEquals(3 * r.testRows(), total);

        CliRun table = CliRun.of("compare", "--features-dir", features.toString());
        assertEquals(0, table.code(), table.toString());
        assertTrue(table.out().contains("3 seeds: mean " + String.format(java.util.Locale.ROOT, "%.4f", mean)), table.out());
        assertTrue(table.out().contains("seed 7 ") && table.out().contains("Wilson"), table.out());
        CliRun json = CliRun.of("compare", "--features-dir", features.toString(), "--format", "json");
        JsonNode seeds = Json.MAPPER.readTree(json.out()).get(0).get("seeds");
        assertEquals(3, seeds.get("n").asInt());
        assertTrue(seeds.get("t_interval95").get(0).asDouble() <= mean + 1e-12);
    }

    @Test
    void oneSeedRecordsLookAsBefore() throws Exception {
        Path features = extract(tmp.resolve("features"), "block5_pool");
        RunRecord r = fit(features, only(features).name());
        assertNull(r.seeds());
        assertEquals(List.of(r.testAccuracy()), r.seedAccuracies());
        assertFalse(r.params().containsKey("reinit"));
    }

    @Test
    void seedsWithASearchIsAUsageError() throws Exception {
        Path features = extract(tmp.resolve("features"), "block5_pool");
        CliRun r = CliRun.of("fit", "--features-dir", features.toString(), "--head", "logreg", "--lambda", "1,10",
                "--seeds", "2");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.cleanError(), r.toString());
        assertTrue(r.err().contains("--seeds trains one setting several times, but this fit searches 2 settings"), r.err());
    }

    @Test
    void reinitControlStartsFromOtherWeightsAndIsShownByCompare() throws Exception {
        Path features = extract(tmp.resolve("features"), "block4_pool");
        String entry = only(features).name();
        RunRecord control = fit(features, entry, "--trainable-blocks", "1", "--reinit-trainable");
        assertEquals(true, control.params().get("reinit"));
        CliRun table = CliRun.of("compare", "--features-dir", features.toString(), "--wide"); // params uncut
        assertTrue(table.out().contains("trainable_blocks=1 reinit"), table.out());
        // Without trainable blocks there is nothing to re-initialise.
        CliRun bad = CliRun.of("fit", "--features-dir", features.toString(), "--head", "dense", "--reinit-trainable");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("trainable_blocks is 0"), bad.err());
    }

    @Test
    void bf16FitRecordsItsPrecisionAndCompareShowsIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dev.frozen.backbone.Precision.nativeBf16(dev.frozen.backbone.Precision.cpuFlags()), "needs native bf16");
        Path features = extract(tmp.resolve("features"), "block4_pool");
        RunRecord r = fit(features, only(features).name(), "--trainable-blocks", "1", "--precision", "bf16");
        assertEquals("bf16", r.params().get("precision"));
        assertTrue(r.testAccuracy() >= 0 && r.testAccuracy() <= 1);
        CliRun table = CliRun.of("compare", "--features-dir", features.toString(), "--wide");
        assertTrue(table.out().contains("trainable_blocks=1 bf16"), table.out());
        // bf16 without trainable blocks: nothing convolutional runs in bf16.
        CliRun bad = CliRun.of("fit", "--features-dir", features.toString(), "--head", "dense", "--precision", "bf16");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.cleanError(), bad.toString());
        assertTrue(bad.err().contains("nothing convolutional to train"), bad.err());
    }

    @Test
    void k4OnBlock1PoolAndK5OnTheInputLayerTrain() throws Exception {
        Path f4 = extract(tmp.resolve("f4"), "block1_pool", 3);
        RunRecord k4 = fit(f4, only(f4).name(), "--trainable-blocks", "4", "--val-fraction", "0");
        assertEquals(4, k4.params().get("trainable_blocks"));
        assertEquals("block1_pool", k4.layer());

        Path f5 = extract(tmp.resolve("f5"), "input", 3);
        FeatureEntry input = only(f5);
        assertEquals(List.of(32, 32, 3), input.manifest().featureShape());
        RunRecord k5 = fit(f5, input.name(), "--trainable-blocks", "5", "--reinit-trainable", "--val-fraction", "0");
        assertEquals(5, k5.params().get("trainable_blocks"));
        assertEquals("input", k5.layer());
        CliRun table = CliRun.of("compare", "--features-dir", f5.toString(), "--wide"); // params uncut
        assertTrue(table.out().contains("trainable_blocks=5 reinit"), table.out());
        // K=5 needs the images themselves: block1_pool is one block too high.
        CliRun tooHigh = CliRun.of("fit", "--features-dir", f4.toString(), "--head", "dense", "--trainable-blocks", "5");
        assertEquals(2, tooHigh.code(), tooHigh.toString());
        assertTrue(tooHigh.err().contains("needs features cached at input or below"), tooHigh.err());
    }
}
