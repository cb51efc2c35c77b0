package dev.frozen.experiments;

import dev.frozen.DataError;
import dev.frozen.Setting;
import dev.frozen.Versions;
import dev.frozen.data.Split;
import dev.frozen.features.EntryUse;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.Manifest;
import dev.frozen.heads.CachedLayer;
import dev.frozen.heads.DenseMemory;
import dev.frozen.heads.DenseOptions;
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
            if (o instanceof DenseOptions d) {
                source.requireBelowTrainable(d.trainableBlocks()); // before reading any rows
                DenseMemory.require(d, source, m.classNames().size());
            }
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
        List<HeadOptions> grid = spec.grid();
        double valFraction = spec.valFraction();
        long seed = spec.seed();
        int cvFolds = spec.cvFolds();
        if (train.dim() != test.dim() || !train.classNames().equals(test.classNames())) {
            throw new DataError("train and test splits of " + target.featuresEntry() + " disagree: "
                    + train.dim() + " vs " + test.dim() + " features, classes " + train.classNames() + " vs " + test.classNames());
        }
        ClassCheck.require(train, test, target.featuresEntry()); // for every head kind, before any training
        if (spec.seeds() > 1) {
            return MultiSeedFit.fit(target, train, originalOf, test, spec, augment, log, pipeline);
        }
        String kind = grid.get(0).kind().id();
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String runId = RunStore.newRunId(kind, Instant.now());
        boolean searching = spec.searching();
        StratifiedSplit.Parts parts = AugmentedSplit.split(train, originalOf, cvFolds > 0 ? 0 : valFraction, seed);
        boolean hasVal = parts.val() != null && parts.val().size() > 0;
        if (searching && cvFolds == 0 && !hasVal) {
            throw new UsageError("a search over " + grid.size() + " settings needs a validation split "
                    + "(" + Setting.key("val_fraction") + " > 0, found " + valFraction + ") or "
                    + Setting.key("cv") + " K");
        }

        long t0 = System.nanoTime();
        Head head;
        Double valAccuracy = null;
        List<Map<String, Object>> tried = null;
        FeatureSet fittedOn = parts.train();
        if (!searching) {
            head = Heads.train(grid.get(0), parts.train(), parts.val(), seed, target.source(), log);
            if (hasVal) {
                valAccuracy = Evaluation.accuracy(parts.val().labels(), head.predict(parts.val().features()));
            }
        } else {
            tried = new ArrayList<>();
            int bestIndex = -1;
            double bestScore = -1;
            Head bestHead = null;
            int[][] folds = cvFolds > 0 ? StratifiedFolds.assign(train, cvFolds, seed) : null;
            // Each setting starts from the previous one's solution on the same rows (per fold with CV): along a C or
            // lambda path the optimum moves little, so the solvers need far fewer iterations than from zero.
            Head[] warm = new Head[folds == null ? 1 : folds.length];
            // Every setting scored on the validation split trains on the same rows: standardise them and build the
            // solvers' input once. (Not per CV fold: k copies of the rows would be held at once.)
            SharedRows shared = folds == null ? SharedRows.of(parts.train()) : null;
            for (int i = 0; i < grid.size(); i++) {
                HeadOptions o = grid.get(i);
                // With a refit the chosen setting is trained again with the user's options, so the fits that only
                // rank the settings may stop at a looser tolerance; without one, the best of them is the result.
                HeadOptions fitted = spec.refit() ? o.forSelection() : o;
                log.printf(Locale.ROOT, "search %d/%d: %s%n", i + 1, grid.size(), o.params());
                long settingStart = System.nanoTime();
                Map<String, Object> entry = new LinkedHashMap<>();
                double score;
                if (folds != null) {
                    List<Double> perFold = new ArrayList<>();
                    for (int f = 0; f < folds.length; f++) {
                        FeatureSet in = StratifiedFolds.without(train, folds[f]);
                        FeatureSet out = StratifiedFolds.only(train, folds[f]);
                        Head h = Heads.train(fitted, in, null, seed, target.source(), fitLog(o, i + f, log), warm[f]);
                        warm[f] = h;
                        perFold.add(Evaluation.accuracy(out.labels(), h.predict(out.features())));
                    }
                    score = perFold.stream().mapToDouble(Double::doubleValue).average().orElse(0);
                    entry.put("params", recorded(o.params(), o, fitted));
                    entry.put("cv_accuracy", score);
                    entry.put("cv_fold_accuracies", perFold);
                } else {
                    Head h = Heads.train(fitted, shared, parts.val(), seed, target.source(), fitLog(o, i, log), warm[0]);
                    warm[0] = h;
                    score = Evaluation.accuracy(parts.val().labels(), h.predict(parts.val().features()));
                    // includes what training chose, e.g. the dense head's kept epoch
                    entry.put("params", recorded(h.params(), o, fitted));
                    entry.put("val_accuracy", score);
                    if (score > bestScore) {
                        bestHead = h; // kept for --no-refit; the others are dropped at once
                    }
                }
                log.printf(Locale.ROOT, "search %d/%d: %s accuracy %.4f (%.1f s)%n", i + 1, grid.size(),
                        folds != null ? cvFolds + "-fold CV" : "validation", score, (System.nanoTime() - settingStart) / 1e9);
                tried.add(entry);
                if (score > bestScore) { // ties keep the first setting in grid order
                    bestScore = score;
                    bestIndex = i;
                }
            }
            shared = null; // the refit trains on other rows; let these go first
            for (String note : GridEdges.notes(tried, bestIndex)) {
                log.println(note);
            }
            valAccuracy = bestScore;
            HeadOptions chosen = grid.get(bestIndex);
            if (spec.refit()) {
                if (chosen instanceof DenseOptions d && bestHead != null && bestHead.params().get("kept_epoch") instanceof Number k) {
                    // Without a validation split to pick the epoch, retrain for the epoch count validation chose.
                    chosen = new DenseOptions(d.hidden(), d.dropout(), d.lr(), k.intValue(), d.batch(), d.trainableBlocks());
                }
                log.printf(Locale.ROOT, "refit on %s (%d rows): %s%n", cvFolds > 0 ? "all training rows" : "train+val",
                        train.size(), chosen.params());
                long refitStart = System.nanoTime();
                head = Heads.train(chosen, train, null, seed, target.source(), log, bestHead);
                log.printf(Locale.ROOT, "refit done (%.1f s)%n", (System.nanoTime() - refitStart) / 1e9);
                fittedOn = train;
            } else {
                head = bestHead;
            }
        }
        double fitSeconds = (System.nanoTime() - t0) / 1e9;

        long t1 = System.nanoTime();
        double[][] scores = head.scores(test.features());
        double predictSeconds = (System.nanoTime() - t1) / 1e9;
        TestPredictions predictions = TestPredictions.of(test.labels(), scores, head.probabilistic());
        Evaluation eval = Evaluation.of(test.labels(), predictions.predicted(), test.classNames());

        String modelFile = RunStore.modelFolderName(runId);
        int valRows = cvFolds > 0 || parts.val() == null ? 0 : parts.val().size();
        RunRecord record = new RunRecord(runId, kind, head.params(), seed, cvFolds > 0 ? 0 : valFraction,
                target.featuresEntry(), target.layer(), target.inputSize(), valAccuracy, eval.accuracy(),
                eval.perClassAccuracy(), eval.confusion(), eval.classNames(), round3(fitSeconds), round3(predictSeconds),
                fittedOn.size(), valRows, test.size(),
                created.toString(), Versions.all(), modelFile, target.featuresSha256(), target.manifestSha256(),
                tried, head.converged(), target.rowsSha256(), head.epochLog(), pipeline, null, augment);
        if (Boolean.FALSE.equals(head.converged())) {
            log.println("warning: the " + kind + " solver stopped at its iteration limit before meeting its tolerance;"
                    + " raise " + Setting.key("max_iter") + " or " + Setting.key("tol") + " (the run is recorded with converged: false)");
        }
        Map<String, String> source = target.headSource(runId);
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
        return n == 0 || !(o instanceof dev.frozen.heads.LogRegOptions) ? log
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
