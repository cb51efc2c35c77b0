package dev.frozen.cli;

import dev.frozen.UsageError;
import dev.frozen.experiments.Fitter;
import dev.frozen.experiments.RunRecord;
import dev.frozen.experiments.RunStore;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureStore;
import dev.frozen.heads.HeadKind;
import dev.frozen.InvalidOption;
import dev.frozen.heads.HeadOptions;
import dev.frozen.heads.KnnOptions;
import dev.frozen.heads.HeadSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Spec
    CommandSpec spec;

    @Option(names = "--head", required = true, paramLabel = "svm|logreg|dense|knn",
            description = "Which head to train (required): svm, logreg, dense or knn.")
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

    @Option(names = "--C", split = ",", paramLabel = "C",
            description = "svm: inverse regularisation strength, > 0; smaller means a smoother, more regularised model (default: 0.001 "
                    + "linear, 1 rbf). Why not LinearSVC's 1: on CIFAR-sized features C=1 was the slowest and least accurate setting.")
    List<String> c;

    @Option(names = "--kernel", paramLabel = "linear|rbf",
            description = "svm: linear (liblinear, fast) or rbf (Smile kernel SVM, slow beyond ~10k rows) (default: linear).")
    String kernel;

    @Option(names = "--gamma", split = ",", paramLabel = "G",
            description = "svm rbf only: kernel width in exp(-G*|x-y|^2), > 0 (default: 1/number of features).")
    List<String> gamma;

    @Option(names = "--solver", paramLabel = "auto|dual|primal",
            description = "svm linear only: liblinear solver; auto picks dual when rows < features, else primal, as scikit-learn's dual=\"auto\" (default: auto).")
    String solver;

    @Option(names = "--tol", split = ",", paramLabel = "T",
            description = "svm, logreg: stopping tolerance, > 0 (default: 1e-4).")
    List<String> tol;

    @Option(names = "--max-iter", split = ",", paramLabel = "N",
            description = "svm, logreg: iteration limit, >= 1 (default: 1000 for svm; 500 for logreg, where scikit-learn's 100 "
                    + "stopped short of convergence on CIFAR-sized features).")
    List<String> maxIter;

    @Option(names = "--lambda", split = ",", paramLabel = "L",
            description = "logreg: L2 penalty lambda/2*|w|^2 on the summed log-loss, >= 0; lambda = 1/C of scikit-learn (default: 100, "
                    + "i.e. C=0.01: on CIFAR-sized features it converges faster and scores higher than lambda 1).")
    List<String> lambda;

    @Option(names = "--hidden", paramLabel = "N[,N...]",
            description = "dense: sizes of the hidden relu layers, each followed by dropout (default: 1000). "
                    + "Repeat the option to search over architectures: --hidden 512 --hidden 1000,500.")
    List<String> hidden;

    @Option(names = "--dropout", split = ",", paramLabel = "P",
            description = "dense: fraction of hidden activations DROPPED during training (as Keras), in [0, 1) (default: 0.3).")
    List<String> dropout;

    @Option(names = "--lr", split = ",", paramLabel = "R",
            description = "dense: Adam learning rate, > 0 (default: 0.001).")
    List<String> lr;

    @Option(names = "--epochs", split = ",", paramLabel = "N",
            description = "dense: passes over the training rows, >= 1 (default: 10).")
    List<String> epochs;

    @Option(names = "--batch", split = ",", paramLabel = "N",
            description = "dense: mini-batch size, >= 1 (default: 256).")
    List<String> batch;

    @Option(names = "--trainable-blocks", split = ",", paramLabel = "K",
            description = "dense: also train VGG16's last K convolutional blocks (0-5), rebuilt from the extraction "
                    + "weights in front of the dense top; the entry must be cached at block(5-K)_pool or below "
                    + "(K=5: at layer input, the preprocessed images). Its features are then NOT standardised "
                    + "(default: 0, the dense top alone). Relative cost of each K: see above.")
    List<String> trainableBlocks;

    @Option(names = "--reinit-trainable",
            description = "dense with --trainable-blocks K: start those K blocks from seeded Glorot-uniform values "
                    + "instead of the pretrained ones (a control: what do the pretrained weights of those blocks buy?); "
                    + "recorded as reinit in the run's params.")
    boolean reinitTrainable;

    @Option(names = "--precision", paramLabel = "fp32|bf16",
            description = "dense with --trainable-blocks K >= 1: the arithmetic of the K blocks' convolutions; bf16 "
                    + "runs them in bfloat16 with fp32 master weights, Adam and loss, on CPUs with AVX512_BF16 or AMX "
                    + "(default: fp32); recorded as precision in the run's params when bf16.")
    String precision;

    @Option(names = "--k", split = ",", paramLabel = "K",
            description = "knn: neighbours that vote, 1..." + KnnOptions.MAX_K + ", at most the training rows (default: " + KnnOptions.DEFAULT_K + ").")
    List<String> k;

    @Option(names = "--metric", paramLabel = "cosine|euclidean",
            description = "knn: distance on the standardised rows; cosine L2-normalises them first (default: cosine).")
    String metric;

    @Option(names = "--search",
            description = "Search a default grid for every option not given (most regularised first, so each fit "
                    + "starts from its neighbour's solution): svm C in {0.0001,0.001,0.01,0.1,1}; "
                    + "logreg lambda in {1000,100,10,1,0.1}; dense dropout in {0.3,0.5} x lr in {0.001,0.0003}; "
                    + "knn k in {1,5,10,20,50}.")
    boolean search;

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
        RunRecord r = Fitter.fit(entry, headSpec, main.home(), System.err);
        if (r.search() != null) {
            out.printf(Locale.ROOT, "chosen:        %s (best of %d)%n", r.params(), r.settingsTried());
        }
        out.println("rows:          " + rows(r.trainRows(), r.valRows(), r.testRows(), r.search() != null && !noRefit, cv));
        out.printf(Locale.ROOT, (cv != null ? "cv accuracy:   " : "val accuracy:  ") + "%s%n", r.valAccuracy() == null ? "- (no validation split)"
                : String.format(Locale.ROOT, "%.4f", r.valAccuracy()));
        out.printf(Locale.ROOT, "test accuracy: %.4f%n", r.testAccuracy());
        if (r.seeds() != null) {
            out.printf(Locale.ROOT, "seeds:         %s%n", dev.frozen.experiments.SeedSpread.line(r));
        }
        out.printf(Locale.ROOT, "fit time:      %.1f s%n", r.fitSeconds());
        if (r.converged() != null) {
            out.println("converged:     " + (r.converged() ? "yes" : "no, stopped at the iteration limit (raise --max-iter, or a larger "
                    + (r.head().equals("svm") ? "--tol or smaller --C" : "--tol or --lambda") + ")"));
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
        HeadKind kind = HeadKind.parse(head);
        if (cv != null && cv < 2) {
            throw new UsageError("--cv: expected at least 2 folds, found " + cv + "; leave --cv out to select on the validation split");
        }
        try {
            return new HeadSpec(kind.grid(given(), search, maxSettings), valFraction, seed, cv == null ? 0 : cv, !noRefit,
                    seeds, augment);
        } catch (InvalidOption e) {
            throw new UsageError(e.asFlag());
        }
    }

    /** The head options given on the command line, keyed as in run records and pipelines. */
    private Map<String, List<String>> given() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        put(m, "C", c);
        put(m, "kernel", kernel == null ? null : List.of(kernel));
        put(m, "gamma", gamma);
        put(m, "solver", solver == null ? null : List.of(solver));
        put(m, "tol", tol);
        put(m, "max_iter", maxIter);
        put(m, "lambda", lambda);
        put(m, "hidden", hidden); // each occurrence is one architecture
        put(m, "dropout", dropout);
        put(m, "lr", lr);
        put(m, "epochs", epochs);
        put(m, "batch", batch);
        put(m, "trainable_blocks", trainableBlocks);
        put(m, "reinit", reinitTrainable ? List.of("true") : null);
        put(m, "precision", precision == null ? null : List.of(precision));
        put(m, "k", k);
        put(m, "metric", metric == null ? null : List.of(metric));
        return m;
    }

    private static void put(Map<String, List<String>> m, String key, List<String> values) {
        if (values != null) {
            m.put(key, values);
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
