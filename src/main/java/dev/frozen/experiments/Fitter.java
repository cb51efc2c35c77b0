package dev.frozen.experiments;

import dev.frozen.DataError;
import dev.frozen.Versions;
import dev.frozen.data.Split;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.Manifest;
import dev.frozen.heads.CachedLayer;
import dev.frozen.heads.DenseOptions;
import dev.frozen.heads.Head;
import dev.frozen.heads.HeadSpec;
import dev.frozen.heads.Heads;
import dev.frozen.heads.StratifiedSplit;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Fits one head on one feature entry end to end: holds out the validation split, trains, evaluates on the test
 * split, saves the model and writes the run record. This is what the CLI and the pipeline runner call.
 */
public final class Fitter {
    private Fitter() {}

    /** Fits with progress on stderr. */
    public static RunRecord fit(FeatureEntry entry, HeadSpec spec) {
        return fit(entry, spec, System.err);
    }

    public static RunRecord fit(FeatureEntry entry, HeadSpec spec, PrintStream log) {
        Manifest m = entry.manifest();
        CachedLayer source = CachedLayer.of(m);
        if (spec.options() instanceof DenseOptions o) {
            source.requireBelowTrainable(o.trainableBlocks()); // before reading any rows
        }
        FeatureSet train = entry.load(Split.TRAIN);
        FeatureSet test = entry.load(Split.TEST);
        return fit(new FitTarget(entry.name(), m.layer(), m.inputSize(), entry.runsDir(), source, m.featuresDigest(),
                entry.manifestSha256()), train, test, spec, log);
    }

    /** The same from in-memory splits; the record and model go to {@code target.runsDir()}. */
    public static RunRecord fit(FitTarget target, FeatureSet train, FeatureSet test, HeadSpec spec, PrintStream log) {
        if (train.dim() != test.dim() || !train.classNames().equals(test.classNames())) {
            throw new DataError("train and test splits of " + target.featuresEntry() + " disagree: "
                    + train.dim() + " vs " + test.dim() + " features, classes " + train.classNames() + " vs " + test.classNames());
        }
        ClassCheck.require(train, test, target.featuresEntry()); // for every head kind, before any training
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String runId = RunStore.newRunId(spec.kind().id(), Instant.now());
        StratifiedSplit.Parts parts = StratifiedSplit.split(train, spec.valFraction(), spec.seed());

        long t0 = System.nanoTime();
        Head head = Heads.train(spec.options(), parts.train(), parts.val(), spec.seed(), target.source(), log);
        double fitSeconds = (System.nanoTime() - t0) / 1e9;

        Double valAccuracy = null;
        if (parts.val() != null && parts.val().size() > 0) {
            valAccuracy = Evaluation.accuracy(parts.val().labels(), head.predict(parts.val().features()));
        }
        long t1 = System.nanoTime();
        int[] predicted = head.predict(test.features());
        double predictSeconds = (System.nanoTime() - t1) / 1e9;
        Evaluation eval = Evaluation.of(test.labels(), predicted, test.classNames());

        String modelFile = RunStore.modelFolderName(runId);
        RunRecord record = new RunRecord(runId, spec.kind().id(), head.params(), spec.seed(), spec.valFraction(),
                target.featuresEntry(), target.layer(), target.inputSize(), valAccuracy, eval.accuracy(),
                eval.perClassAccuracy(), eval.confusion(), eval.classNames(), round3(fitSeconds), round3(predictSeconds),
                parts.train().size(), parts.val() == null ? 0 : parts.val().size(), test.size(),
                created.toString(), Versions.all(), modelFile, target.featuresSha256(), target.manifestSha256());
        Map<String, String> source = new LinkedHashMap<>();
        source.put("entry", target.featuresEntry());
        source.put("run_id", runId);
        if (target.manifestSha256() != null) {
            source.put("manifest_sha256", target.manifestSha256());
        }
        if (target.featuresSha256() != null) {
            source.put("features_sha256", target.featuresSha256());
        }
        // One publish for model and record: a record on disk always points at a complete model, and a model
        // folder never appears without its record.
        RunStore.publish(target.runsDir(), record, dir -> Heads.save(head, dir, source));
        return record;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
