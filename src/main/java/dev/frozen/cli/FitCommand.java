package dev.frozen.cli;

import dev.frozen.UsageError;
import dev.frozen.experiments.fit.Fitter;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureStore;
import dev.frozen.heads.HeadKind;
import dev.frozen.heads.HeadKinds;
import dev.frozen.InvalidOption;
import dev.frozen.heads.HeadOptions;
import dev.frozen.heads.HeadSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code fit} verb: trains one head on a cached feature entry, evaluates it and records the run. */
@Command(
        name = "fit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Train a classifier head on cached features, evaluate it on the test split, and record the run.",
            "",
            "Features are standardised (mean 0, variance 1 per feature) using the training rows only; the",
            "scaling is saved with the model. A stratified validation set (--val-fraction of each class) is",
            "held out of the training split with --seed; its accuracy is reported, and the dense head keeps",
            "the epoch with the best validation accuracy. The same seed gives the same model and accuracy.",
            "",
            "Heads:",
            "  logreg  multinomial logistic regression, Smile's L-BFGS on a vectorised objective.",
            "          Fast, a strong linear baseline.",
            "  svm     one-vs-rest SVM. linear (default): liblinear, like scikit-learn's LinearSVC.",
            "          rbf: kernel SVM, grows about O(n^2.5) - use on at most ~10,000 rows.",
            "  dense   Deeplearning4j network: Dense(hidden, relu) -> Dropout -> softmax, trained with Adam.",
            "          Trains on one ND4J thread (faster for a small head on shared cores; all threads",
            "          with --trainable-blocks); set FROZEN_DENSE_THREADS=N to choose.",
            "          --trainable-blocks K fine-tunes: VGG16's last K blocks are rebuilt from the weights the",
            "          entry was extracted with and trained with the top, on the cached activations (never",
            "          recomputed below the cache). Those rows are fed raw, not standardised, because the",
            "          pretrained convolutions expect raw activations. Needs an entry cached at",
            "          block(5-K)_pool or lower, e.g. extract --layer block4_pool for K=1; K=5 trains the whole",
            "          base on an entry at layer input (extract --layer input: the preprocessed images).",
            "          Cost per epoch relative to K=1, from the trainable convolutions' FLOPs (the same ratios",
            "          at any input size): K=2 4.3x, K=3 7.7x, K=4 9.7x, K=5 11.1x; K=0, the top alone, is far",
            "          cheaper. On few rows, fixed per-fit costs (network build, weights) shrink these ratios.",
            "          --reinit-trainable starts the K blocks from random values instead (a control).",
            "",
            "Lists search: every numeric option takes a comma list and the grid is their product; each setting",
            "is scored on the validation split (or --cv K folds), the best is refitted on all training rows",
            "(--no-refit keeps the validated model), and only that model sees the test split. The record's",
            "'search' lists every setting tried.",
            "",
            "Writes <features-dir>/<entry>/runs/<run-id>.json and the model folder <run-id>.model beside it;",
            "'frozen compare' ranks the runs.",
            "",
            "Examples:",
            "  frozen fit --head logreg",
            "  frozen fit --head svm --C 0.01",
            "  frozen fit --head svm --C 0.0001,0.001,0.01       (search: best on validation, refit on all)",
            "  frozen fit --head logreg --search --cv 5          (default lambda grid, 5-fold CV)",
            "  frozen fit --head dense --dropout 0.3,0.5 --lr 0.001,0.0003",
            "  frozen fit --head svm --kernel rbf --gamma 0.002 --C 10",
            "  frozen fit --head dense --hidden 1000,500 --dropout 0.5 --epochs 20",
            "  frozen fit --head dense --trainable-blocks 1 --lr 0.0001 --epochs 5   (on block4_pool)",
            "  frozen fit --head knn --k 1,5,20                  (k-nearest neighbours, cosine)",
            ""
        })
public final class FitCommand implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand
    Main main; // for the cache folder (FrozenHome)

    CommandSpec spec;

    /** The head options and {@code --search}, built from the kinds' declarations when picocli builds this command. */
    HeadFlags headFlags;

    /** Called by picocli while it builds the command: adds one flag per declared head option (see {@link HeadFlags}). */
    @Spec
    void spec(CommandSpec spec) {
        this.spec = spec;
        this.headFlags = HeadFlags.addTo(spec);
    }

    @Option(names = "--head", required = true, paramLabel = "HEAD", completionCandidates = HeadNames.class,
            description = "Which head to train (required): ${COMPLETION-CANDIDATES}.")
    String head;

    @Mixin
    FeaturesDirOption featuresDirOption;

    @Option(names = "--features", paramLabel = "ENTRY",
            description = "Feature entry to train on: its name, a unique prefix of it, or a dataset name held by one entry only; "
                    + "may be left out when there is only one.")
    String features;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + HeadSpec.DEFAULT_SEED,
            description = "Seed for the validation split, weight init, shuffling and solver order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "Train the setting N times, with seeds SEED..SEED+N-1 for initialisation, shuffling and "
                    + "dropout (the validation split stays SEED's); the run records each seed's accuracy and test "
                    + "predictions, and compare shows their mean and spread (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--augment",
            description = "Train on the entry's augmented copies too (an entry from 'extract --augment hflip'): every "
                    + "copy is a training row, for every head (an epoch sees each image in both orientations). The "
                    + "validation split is drawn from the original images first and their copies are left out; the "
                    + "test split has no copies. Without it, an augmented entry trains on its originals only.")
    boolean augment;

    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "" + HeadSpec.DEFAULT_VAL_FRACTION,
            description = "Fraction of each class held out of train for validation, in [0, 1); 0 trains on all of train (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--cv", paramLabel = "K",
            description = "Select among settings by K-fold stratified cross-validation on the training split "
                    + "instead of the validation split (K >= 2, at most the smallest class's row count).")
    Integer cv;

    @Option(names = "--no-refit",
            description = "After a search, keep the model trained on the training part and validated, instead of "
                    + "refitting the chosen setting on all training rows (the default, as scikit-learn's GridSearchCV).")
    boolean noRefit;

    @Option(names = "--max-settings", paramLabel = "N", defaultValue = "1000",
            description = "Refuse grids larger than N settings (default: ${DEFAULT-VALUE}).")
    int maxSettings;

    @Override
    public Integer call() {
        HeadSpec headSpec = headSpec();
        List<HeadOptions> grid = headSpec.grid();
        PrintWriter out = spec.commandLine().getOut();
        FeatureEntry entry = featuresDirOption.withHint(main.home(), FeaturesDirOption.hasEntry(features),
                () -> FeatureStore.resolve(featuresDirOption.dir, features));
        out.printf(Locale.ROOT, "fitting %s on %s (layer %s, input %dpx)%n", headSpec.kind(), entry.name(),
                entry.manifest().layer(), entry.manifest().inputSize());
        out.flush();
        if (grid.size() > 1 || cv != null) {
            out.printf(Locale.ROOT, "searching %d setting(s) by %s%n", grid.size(),
                    cv != null ? cv + "-fold cross-validation" : "validation accuracy");
            out.flush();
        }
        RunRecord r = Fitter.fit(entry, headSpec, main.home(), main.rendering(System.err));
        if (r.search() != null) {
            out.printf(Locale.ROOT, "chosen:        %s (best of %d)%n", r.params(), r.settingsTried());
        }
        out.println("rows:          " + rows(r.trainRows(), r.valRows(), r.testRows(), r.search() != null && !noRefit, cv));
        out.printf(Locale.ROOT, (cv != null ? "cv accuracy:   " : "val accuracy:  ") + "%s%n", r.valAccuracy() == null ? "- (no validation split)"
                : String.format(Locale.ROOT, "%.4f", r.valAccuracy()));
        out.printf(Locale.ROOT, "test accuracy: %.4f%n", r.testAccuracy());
        if (r.seeds() != null) {
            out.printf(Locale.ROOT, "seeds:         %s%n", dev.frozen.experiments.report.SeedSpread.line(r));
        }
        out.printf(Locale.ROOT, "fit time:      %.1f s%n", r.fitSeconds());
        if (r.converged() != null) {
            out.println("converged:     " + (r.converged() ? "yes" : "no, stopped at the iteration limit (raise --max-iter, "
                    + "or a larger --tol" + headFlags.regularisationAdvice(headSpec.kind()) + ")"));
        }
        out.printf(Locale.ROOT, "run record:    %s%n", RunStore.recordFile(entry.runsDir(), r.runId()));
        out.flush();
        return 0;
    }

    /**
     * Builds and validates every setting of the grid before any data is read, so usage errors come first. Each
     * numeric option is a list; the head kind makes the grid, the product of the lists (see {@link HeadKind#grid}).
     */
    HeadSpec headSpec() {
        HeadKind kind = HeadKinds.parse(head);
        if (cv != null && cv < 2) {
            throw new UsageError("--cv: expected at least 2 folds, found " + cv + "; leave --cv out to select on the validation split");
        }
        try {
            return new HeadSpec(kind.grid(headFlags.given(), headFlags.search(), maxSettings), valFraction, seed,
                    cv == null ? 0 : cv, !noRefit, seeds, augment);
        } catch (InvalidOption e) {
            throw new UsageError(e.as(headFlags.flagOf(e.key())));
        }
    }

    /**
     * The row counts, each row counted once: after a search's refit the record's train rows include the validation
     * rows, so the split is stated as it was scored and the refit's rows separately.
     */
    static String rows(int trainRows, int valRows, int testRows, boolean refitted, Integer cv) {
        if (refitted && cv != null) {
            return String.format(Locale.ROOT, "%d train (scored by %d-fold CV), %d test; the chosen setting refitted on all "
                    + "%d train rows", trainRows, cv, testRows, trainRows);
        }
        if (refitted && valRows > 0) {
            return String.format(Locale.ROOT, "%d train, %d val, %d test; the chosen setting refitted on train+val (%d rows)",
                    trainRows - valRows, valRows, testRows, trainRows);
        }
        return String.format(Locale.ROOT, "%d train, %d val, %d test", trainRows, valRows, testRows);
    }
}
