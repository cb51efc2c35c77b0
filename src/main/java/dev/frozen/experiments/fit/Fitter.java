package dev.frozen.experiments.fit;

import dev.frozen.Setting;
import dev.frozen.DataError;
import dev.frozen.Versions;
import dev.frozen.data.Split;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.experiments.runs.TestPredictions;
import dev.frozen.features.EntryUse;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.Manifest;
import dev.frozen.heads.CachedLayer;
import dev.frozen.heads.Head;
import dev.frozen.heads.HeadSpec;
import dev.frozen.heads.Heads;
import dev.frozen.UsageError;
import dev.frozen.heads.HeadOptions;
import dev.frozen.heads.SharedRows;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /**
     * Fits every setting of the spec's grid on an entry, keeps the best by validation (or CV) accuracy, and records
     * it. {@code home} is where a fine-tune finds the entry's ImageNet weights.
     */
    public static RunRecord fit(FeatureEntry entry, HeadSpec spec, dev.frozen.FrozenHome home, PrintStream log) {
        return fit(entry, spec, home, log, null);
    }

    /** As {@link #fit(FeatureEntry, HeadSpec, dev.frozen.FrozenHome, PrintStream)}, recording the pipeline's name. */
    public static RunRecord fit(FeatureEntry entry, HeadSpec spec, dev.frozen.FrozenHome home, PrintStream log,
            String pipeline) {
        Manifest m = entry.manifest();
        CachedLayer source = CachedLayers.of(m, home, entry.dir().getParent());
        for (HeadOptions o : spec.grid()) {
            o.kind().beforeFit(o, source, m.classNames().size()); // before reading any rows
        }
        RunStore.requireWritable(entry.runsDir()); // a read-only folder fails now, not after training
        // The claim keeps 'cache prune' from removing the entry from the first row read to the published run.
        try (EntryUse use = EntryUse.shared(entry)) {
            AugmentedTrain train = AugmentedTrain.of(entry, spec.augment());
            FeatureSet test = entry.load(Split.TEST);
            return fit(new FitTarget(entry.name(), m.layer(), m.inputSize(), entry.runsDir(), source, m.featuresDigest(),
                    entry.manifestSha256(), m.rowsDigest()), train.rows(), train.originalOf(), train.augment(), test, spec,
                    log, pipeline);
        }
    }

    /** The general case without a pipeline name. */
    public static RunRecord fit(FitTarget target, FeatureSet train, FeatureSet test, HeadSpec spec, PrintStream log) {
        return fit(target, train, test, spec, log, null);
    }

    /**
     * The general case. One setting without {@code --cv} trains exactly as a plain fit (the validation split only
     * picks the dense head's epoch). Several settings are each trained and scored on the validation split (or CV
     * folds); the test split is then used once, by the chosen model only.
     */
    public static RunRecord fit(FitTarget target, FeatureSet train, FeatureSet test, HeadSpec spec, PrintStream log,
            String pipeline) {
        return fit(target, train, null, null, test, spec, log, pipeline);
    }

    /**
     * The same on a training set with augmented copies: {@code originalOf[r]} is the original row of row r (null:
     * no copies), and {@code augment} names the augmentation for the record. See {@link AugmentedSplit}.
     */
    static RunRecord fit(FitTarget target, FeatureSet train, int[] originalOf, String augment, FeatureSet test,
            HeadSpec spec, PrintStream log, String pipeline) {
        if (train.dim() != test.dim() || !train.classNames().equals(test.classNames())) {
            throw new DataError("train and test splits of " + target.featuresEntry() + " disagree: "
                    + train.dim() + " vs " + test.dim() + " features, classes " + train.classNames() + " vs " + test.classNames());
        }
        ClassCheck.require(train, test, target.featuresEntry()); // for every head kind, before any training
        if (spec.seeds() > 1) {
            return MultiSeedFit.fit(target, train, originalOf, test, spec, augment, log, pipeline);
        }
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String runId = RunStore.newRunId(spec.kind().id(), Instant.now());
        int cvFolds = spec.cvFolds();
        StratifiedSplit.Parts parts = AugmentedSplit.split(train, originalOf, cvFolds > 0 ? 0 : spec.valFraction(), spec.seed());
        boolean hasVal = parts.val() != null && parts.val().size() > 0;
        if (spec.searching() && cvFolds == 0 && !hasVal) {
            throw new UsageError("a search over " + spec.grid().size() + " settings needs a validation split "
                    + "(" + Setting.key("val_fraction") + " > 0, found " + spec.valFraction() + ") or "
                    + Setting.key("cv") + " K");
        }
        long t0 = System.nanoTime();
        Trained trained = spec.searching() ? search(target, train, parts, spec, log) : single(target, parts, spec, log);
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        return evaluateAndPublish(target, trained, test, parts, spec, new Run(runId, created, fitSeconds, augment, pipeline),
                log);
    }

    /** What training produced: the head to evaluate, its selection accuracy, the settings tried, and its rows. */
    private record Trained(Head head, Double valAccuracy, List<Map<String, Object>> tried, FeatureSet fittedOn) {}

    /** The run's identity and figures that do not come from the head. */
    private record Run(String id, Instant created, double fitSeconds, String augment, String pipeline) {}

    /** One setting scored in a search: its entry in the record's {@code search}, its score and (on validation) its head. */
    private record Scored(Map<String, Object> entry, double score, Head head) {}

    /** One setting, trained as a plain fit: the validation split only picks the dense head's epoch and is reported. */
    private static Trained single(FitTarget target, StratifiedSplit.Parts parts, HeadSpec spec, PrintStream log) {
        Head head = Heads.train(spec.options(), parts.train(), parts.val(), spec.seed(), target.source(), log);
        boolean hasVal = parts.val() != null && parts.val().size() > 0;
        Double valAccuracy = hasVal ? Evaluation.accuracy(parts.val().labels(), head.predict(parts.val().features())) : null;
        return new Trained(head, valAccuracy, null, parts.train());
    }

    /**
     * Scores every setting of the grid on the validation split (or CV folds), keeps the best (ties: the first in grid
     * order), then refits it on all training rows unless {@code no_refit} keeps the validated model.
     */
    private static Trained search(FitTarget target, FeatureSet train, StratifiedSplit.Parts parts, HeadSpec spec,
            PrintStream log) {
        List<HeadOptions> grid = spec.grid();
        List<Map<String, Object>> tried = new ArrayList<>();
        int[][] folds = spec.cvFolds() > 0 ? StratifiedFolds.assign(train, spec.cvFolds(), spec.seed()) : null;
        // Each setting starts from the previous one's solution on the same rows (per fold with CV): along a C or
        // lambda path the optimum moves little, so the solvers need far fewer iterations than from zero.
        Head[] warm = new Head[folds == null ? 1 : folds.length];
        // Every setting scored on the validation split trains on the same rows: standardise them and build the
        // solvers' input once. (Not per CV fold: k copies of the rows would be held at once.)
        SharedRows shared = folds == null ? SharedRows.of(parts.train()) : null;
        int bestIndex = -1;
        Scored best = null;
        for (int i = 0; i < grid.size(); i++) {
            HeadOptions o = grid.get(i);
            log.printf(Locale.ROOT, "search %d/%d: %s%n", i + 1, grid.size(), o.params());
            long start = System.nanoTime();
            Scored scored = folds != null ? scoreByFolds(target, train, folds, o, i, spec, warm, log)
                    : scoreOnValidation(target, shared, parts.val(), o, i, spec, warm, log);
            log.printf(Locale.ROOT, "search %d/%d: %s accuracy %.4f (%.1f s)%n", i + 1, grid.size(),
                    folds != null ? spec.cvFolds() + "-fold CV" : "validation", scored.score(), (System.nanoTime() - start) / 1e9);
            tried.add(scored.entry());
            if (best == null || scored.score() > best.score()) { // the others' heads are dropped at once
                best = scored;
                bestIndex = i;
            }
        }
        shared = null; // the refit trains on other rows; let these go first
        for (String note : GridEdges.notes(tried, bestIndex)) {
            log.println(note);
        }
        if (!spec.refit()) {
            return new Trained(best.head(), best.score(), tried, parts.train());
        }
        HeadOptions chosen = spec.kind().forRefit(grid.get(bestIndex), best.head());
        log.printf(Locale.ROOT, "refit on %s (%d rows): %s%n", folds != null ? "all training rows" : "train+val",
                train.size(), chosen.params());
        long refitStart = System.nanoTime();
        Head head = Heads.train(chosen, train, null, spec.seed(), target.source(), log, best.head());
        log.printf(Locale.ROOT, "refit done (%.1f s)%n", (System.nanoTime() - refitStart) / 1e9);
        return new Trained(head, best.score(), tried, train);
    }

    /**
     * With a refit the chosen setting is trained again with the user's options, so the fits that only rank the
     * settings may stop at a looser tolerance; without one, the best of them is the result.
     */
    private static HeadOptions asFitted(HeadOptions o, HeadSpec spec) {
        return spec.refit() ? o.forSelection() : o;
    }

    private static Scored scoreByFolds(FitTarget target, FeatureSet train, int[][] folds, HeadOptions o, int i,
            HeadSpec spec, Head[] warm, PrintStream log) {
        HeadOptions fitted = asFitted(o, spec);
        List<Double> perFold = new ArrayList<>();
        for (int f = 0; f < folds.length; f++) {
            FeatureSet in = StratifiedFolds.without(train, folds[f]);
            FeatureSet out = train.rows(folds[f]);
            Head h = Heads.train(fitted, in, null, spec.seed(), target.source(), fitLog(o, i + f, log), warm[f]);
            warm[f] = h;
            perFold.add(Evaluation.accuracy(out.labels(), h.predict(out.features())));
        }
        double score = perFold.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("params", recorded(o.params(), o, fitted));
        entry.put("cv_accuracy", score);
        entry.put("cv_fold_accuracies", perFold);
        return new Scored(entry, score, null);
    }

    private static Scored scoreOnValidation(FitTarget target, SharedRows shared, FeatureSet val, HeadOptions o, int i,
            HeadSpec spec, Head[] warm, PrintStream log) {
        HeadOptions fitted = asFitted(o, spec);
        Head h = Heads.train(fitted, shared, val, spec.seed(), target.source(), fitLog(o, i, log), warm[0]);
        warm[0] = h;
        double score = Evaluation.accuracy(val.labels(), h.predict(val.features()));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("params", recorded(h.params(), o, fitted)); // includes what training chose, e.g. the kept epoch
        entry.put("val_accuracy", score);
        return new Scored(entry, score, h);
    }

    /** Scores the test split once, with the trained head only, and publishes model, predictions and record together. */
    private static RunRecord evaluateAndPublish(FitTarget target, Trained trained, FeatureSet test,
            StratifiedSplit.Parts parts, HeadSpec spec, Run run, PrintStream log) {
        Head head = trained.head();
        String kind = spec.kind().id();
        long t1 = System.nanoTime();
        double[][] scores = head.scores(test.features());
        double predictSeconds = (System.nanoTime() - t1) / 1e9;
        TestPredictions predictions = TestPredictions.of(test.labels(), scores, head.probabilistic());
        Evaluation eval = Evaluation.of(test.labels(), predictions.predicted(), test.classNames());
        int cvFolds = spec.cvFolds();
        int valRows = cvFolds > 0 || parts.val() == null ? 0 : parts.val().size();
        RunRecord record = RunRecord.builder().runId(run.id()).head(kind).params(head.params()).seed(spec.seed())
                .valFraction(cvFolds > 0 ? 0 : spec.valFraction()).featuresEntry(target.featuresEntry()).layer(target.layer())
                .inputSize(target.inputSize()).valAccuracy(trained.valAccuracy()).testAccuracy(eval.accuracy())
                .perClassAccuracy(eval.perClassAccuracy()).confusionMatrix(eval.confusion())
                .classNames(eval.classNames()).fitSeconds(round3(run.fitSeconds())).predictSeconds(round3(predictSeconds))
                .trainRows(trained.fittedOn().size()).valRows(valRows).testRows(test.size()).created(run.created().toString())
                .versions(Versions.all()).modelFile(RunStore.modelFolderName(run.id())).featuresSha256(target.featuresSha256())
                .manifestSha256(target.manifestSha256()).search(trained.tried()).converged(head.converged())
                .rowsSha256(target.rowsSha256()).epochs(head.epochLog()).pipeline(run.pipeline()).augment(run.augment()).build();
        if (Boolean.FALSE.equals(head.converged())) {
            log.println("warning: the " + kind + " solver stopped at its iteration limit before meeting its tolerance;"
                    + " raise " + Setting.key("max_iter") + " or " + Setting.key("tol") + " (the run is recorded with converged: false)");
        }
        Map<String, String> source = target.headSource(run.id());
        requireEntryStillThere(target);
        // One publish for model, predictions and record: a record on disk always points at a complete model, and a
        // model folder never appears without its record.
        RunStore.publish(target.runsDir(), record, dir -> {
            Heads.save(head, dir, source);
            try {
                predictions.write(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return record;
    }

    /**
     * A fit of a cached entry publishes only into a complete entry: if its folder lost its manifest while training
     * (removed by hand, or by a prune that does not honour claims), publishing would make a runs folder with no
     * features beside it. In-memory targets (no manifest digest) have no entry to check.
     */
    static void requireEntryStillThere(FitTarget target) {
        if (target.manifestSha256() == null) {
            return;
        }
        java.nio.file.Path entryDir = target.runsDir().toAbsolutePath().getParent();
        if (!dev.frozen.features.FeatureStore.isCompleteEntry(entryDir)) {
            throw new DataError("expected feature entry " + target.featuresEntry() + " at " + entryDir + " when publishing"
                    + " the run, found it removed or incomplete (its manifest is gone); nothing was published: rerun the"
                    + " 'frozen extract' that made it, then the fit");
        }
    }

    /**
     * Where a search's fit number {@code n} (0 first) logs: logistic regression says the same solver line for every
     * fit (5 settings x 5 folds would print 25), so only the first fit says it; the search logs each setting's score.
     */
    private static PrintStream fitLog(HeadOptions o, int n, PrintStream log) {
        return n == 0 || !o.kind().logsOnceInSearch() ? log
                : new PrintStream(java.io.OutputStream.nullOutputStream());
    }

    /**
     * A tried setting's params as the user gave it ({@code tol} is the user's), plus {@code selection_tol} when the
     * fit that scored it stopped at a looser one ({@link HeadOptions#forSelection()}).
     */
    private static Map<String, Object> recorded(Map<String, Object> params, HeadOptions asGiven, HeadOptions fitted) {
        if (fitted == asGiven) {
            return params;
        }
        Map<String, Object> out = new LinkedHashMap<>(params);
        Object selectionTol = fitted.params().get("tol");
        out.put("tol", asGiven.params().get("tol"));
        if (selectionTol != null && !selectionTol.equals(out.get("tol"))) {
            out.put("selection_tol", selectionTol);
        }
        return out;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
