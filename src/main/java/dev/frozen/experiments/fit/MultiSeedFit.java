package dev.frozen.experiments.fit;

import dev.frozen.Versions;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.experiments.runs.TestPredictions;
import dev.frozen.features.FeatureSet;
import dev.frozen.heads.Head;
import dev.frozen.heads.HeadOptions;
import dev.frozen.heads.HeadSpec;
import dev.frozen.heads.Heads;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains one setting with several seeds ({@link HeadSpec#seeds()}) and records them as one run: every seed's
 * accuracy and test predictions, the mean accuracy, the summed confusion matrix, and as the run's test predictions
 * the seed-majority vote (what McNemar tests between settings compare; see {@link #vote}). The validation split is
 * the base seed's for every seed, so the seeds differ only in the head's own randomness (initialisation, shuffling,
 * dropout). The first seed's model is the one saved.
 */
final class MultiSeedFit {
    private MultiSeedFit() {}

    static RunRecord fit(FitTarget target, FeatureSet train, int[] originalOf, FeatureSet test, HeadSpec spec,
            String augment, PrintStream log, String pipeline) {
        HeadOptions options = spec.options();
        String kind = options.kind().id();
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String runId = RunStore.newRunId(kind, Instant.now());
        StratifiedSplit.Parts parts = AugmentedSplit.split(train, originalOf, spec.valFraction(), spec.seed());
        boolean hasVal = parts.val() != null && parts.val().size() > 0;
        int k = test.classNames().size();

        List<RunRecord.SeedResult> seeds = new ArrayList<>();
        double[][] scoreSum = new double[test.size()][];
        int[][] predictedBySeed = new int[spec.seeds()][];
        Head first = null;
        boolean probabilistic = true;
        Boolean converged = null;
        double totalFit = 0;
        double totalPredict = 0;
        for (int s = 0; s < spec.seeds(); s++) {
            long seed = spec.seed() + s;
            log.printf(Locale.ROOT, "seed %d/%d (%d)%n", s + 1, spec.seeds(), seed);
            long t0 = System.nanoTime();
            Head head = Heads.train(options, parts.train(), parts.val(), seed, target.source(), log);
            double fitSeconds = (System.nanoTime() - t0) / 1e9;
            totalFit += fitSeconds;
            Double val = hasVal ? Evaluation.accuracy(parts.val().labels(), head.predict(parts.val().features())) : null;
            long t1 = System.nanoTime();
            double[][] scores = head.scores(test.features());
            totalPredict += (System.nanoTime() - t1) / 1e9;
            TestPredictions p = TestPredictions.of(test.labels(), scores, head.probabilistic());
            for (int i = 0; i < scores.length; i++) {
                if (scoreSum[i] == null) {
                    scoreSum[i] = new double[scores[i].length];
                }
                for (int c = 0; c < scores[i].length; c++) {
                    scoreSum[i][c] += scores[i][c];
                }
            }
            predictedBySeed[s] = p.predicted();
            double acc = Evaluation.accuracy(test.labels(), p.predicted());
            seeds.add(new RunRecord.SeedResult(seed, val, acc, round3(fitSeconds), options.kind().keptEpoch(head),
                    p.predicted()));
            log.printf(Locale.ROOT, "seed %d/%d: test accuracy %.4f (%.1f s)%n", s + 1, spec.seeds(), acc, fitSeconds);
            if (Boolean.FALSE.equals(head.converged())) {
                converged = false;
            } else if (converged == null) {
                converged = head.converged();
            }
            probabilistic = head.probabilistic();
            if (first == null) {
                first = head; // saved; the others are dropped at once
            }
        }
        double[][] meanScores = divided(scoreSum, spec.seeds());
        int[] vote = vote(predictedBySeed, meanScores, k);
        TestPredictions fromScores = TestPredictions.of(test.labels(), meanScores, probabilistic);
        TestPredictions voted = new TestPredictions(fromScores.labels(), vote, probabilistic, fromScores.scores());

        int[][] confusion = summedConfusion(predictedBySeed, test);
        List<Double> perClass = perClassAccuracy(confusion);
        double meanTest = seeds.stream().mapToDouble(RunRecord.SeedResult::testAccuracy).average().orElse(0);
        Double meanVal = hasVal ? seeds.stream().mapToDouble(r -> r.valAccuracy()).average().orElse(0) : null;
        Map<String, Object> params = options.kind().paramsAcrossSeeds(first);
        RunRecord record = RunRecord.builder().runId(runId).head(kind).params(params).seed(spec.seed())
                .valFraction(spec.valFraction()).featuresEntry(target.featuresEntry()).layer(target.layer())
                .inputSize(target.inputSize()).valAccuracy(meanVal).testAccuracy(meanTest).perClassAccuracy(perClass)
                .confusionMatrix(confusion).classNames(test.classNames()).fitSeconds(round3(totalFit))
                .predictSeconds(round3(totalPredict)).trainRows(parts.train().size())
                .valRows(hasVal ? parts.val().size() : 0).testRows(test.size()).created(created.toString())
                .versions(Versions.all()).modelFile(RunStore.modelFolderName(runId))
                .featuresSha256(target.featuresSha256()).manifestSha256(target.manifestSha256()).converged(converged)
                .rowsSha256(target.rowsSha256()).epochs(first.epochLog()).pipeline(pipeline).seeds(List.copyOf(seeds))
                .augment(augment).build(); // epochs: the saved (first) seed's
        Map<String, String> source = target.headSource(runId);
        Fitter.requireEntryStillThere(target);
        Head saved = first;
        RunStore.publish(target.runsDir(), record, dir -> {
            Heads.save(saved, dir, source);
            try {
                voted.write(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return record;
    }

    /**
     * The seed-majority vote per test row: the class most seeds predicted; a tie goes to the tied class with the
     * highest mean score over seeds, then to the lowest class index.
     */
    static int[] vote(int[][] predictedBySeed, double[][] meanScores, int classes) {
        int rows = predictedBySeed[0].length;
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            int[] count = new int[classes];
            for (int[] p : predictedBySeed) {
                count[p[i]]++;
            }
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (count[c] > count[best] || (count[c] == count[best] && count[c] > 0
                        && (count[best] == 0 || meanScores[i][c] > meanScores[i][best]))) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    private static double[][] divided(double[][] sums, int n) {
        double[][] out = new double[sums.length][];
        for (int i = 0; i < sums.length; i++) {
            out[i] = new double[sums[i].length];
            for (int c = 0; c < out[i].length; c++) {
                out[i][c] = sums[i][c] / n;
            }
        }
        return out;
    }

    /** The confusion matrices of every seed's predictions, summed. */
    private static int[][] summedConfusion(int[][] predictedBySeed, FeatureSet test) {
        int k = test.classNames().size();
        int[][] confusion = new int[k][k];
        for (int[] predicted : predictedBySeed) {
            int[][] c = Evaluation.of(test.labels(), predicted, test.classNames()).confusion();
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    confusion[a][b] += c[a][b];
                }
            }
        }
        return confusion;
    }

    /** Per true class, the share of its rows on the diagonal (0 for a class with no test rows). */
    private static List<Double> perClassAccuracy(int[][] confusion) {
        List<Double> perClass = new ArrayList<>();
        for (int a = 0; a < confusion.length; a++) {
            int row = 0;
            for (int b = 0; b < confusion.length; b++) {
                row += confusion[a][b];
            }
            perClass.add(row == 0 ? 0.0 : (double) confusion[a][a] / row);
        }
        return perClass;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
