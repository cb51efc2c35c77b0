package dev.frozen.experiments.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.features.FeatureSet;
import dev.frozen.heads.Blobs;
import dev.frozen.heads.Head;
import dev.frozen.heads.HeadSpec;
import dev.frozen.heads.Heads;
import dev.frozen.heads.LogRegOptions;
import dev.frozen.heads.SvmOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitterTest {
    static final Blobs BLOBS = new Blobs(5, 8, 3);
    static final FeatureSet TRAIN = BLOBS.sample(200, 1);
    static final FeatureSet TEST = BLOBS.sample(50, 2);
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path tmp;

    @Test
    void fitWritesRecordAndLoadableModel() {
        FitTarget target = new FitTarget("blobs", "block5_pool", 48, tmp.resolve("runs"));
        RunRecord r = Fitter.fit(target, TRAIN, TEST, new HeadSpec(LogRegOptions.defaults(), 0.1, 7), QUIET);
        assertEquals("logreg", r.head());
        assertEquals(180, r.trainRows());
        assertEquals(20, r.valRows());
        assertEquals(50, r.testRows());
        assertTrue(r.testAccuracy() > 0.95);
        assertTrue(r.valAccuracy() > 0.95);
        assertTrue(Files.isRegularFile(RunStore.recordFile(target.runsDir(), r.runId())));
        Head head = Heads.load(target.runsDir().resolve(r.modelFile()));
        assertEquals(r.testAccuracy(), Evaluation.accuracy(TEST.labels(), head.predict(TEST.features())));
        assertEquals(r.testAccuracy(), RunStore.read(RunStore.recordFile(target.runsDir(), r.runId())).testAccuracy());
    }

    @Test
    void sameSeedSameAccuracyAndNoValWhenFractionZero() {
        FitTarget target = new FitTarget("blobs", "block5_pool", 48, tmp.resolve("runs"));
        HeadSpec spec = new HeadSpec(SvmOptions.defaults(), 0, 9);
        RunRecord a = Fitter.fit(target, TRAIN, TEST, spec, QUIET);
        RunRecord b = Fitter.fit(target, TRAIN, TEST, spec, QUIET);
        assertEquals(null, a.valAccuracy());
        assertEquals(200, a.trainRows());
        assertEquals(a.testAccuracy(), b.testAccuracy());
        assertArrayEquals(a.confusionMatrix(), b.confusionMatrix());
    }
}
