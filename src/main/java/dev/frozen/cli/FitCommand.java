package dev.frozen.cli;

import dev.frozen.UsageError;
import dev.frozen.experiments.Fitter;
import dev.frozen.experiments.RunRecord;
import dev.frozen.experiments.RunStore;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureStore;
import dev.frozen.heads.DenseOptions;
import dev.frozen.heads.HeadKind;
import dev.frozen.heads.HeadOptions;
import dev.frozen.heads.HeadSpec;
import dev.frozen.heads.LogRegOptions;
import dev.frozen.heads.SvmOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
            "          Trains on one ND4J thread (faster for a small head on shared cores); set",
            "          FROZEN_DENSE_THREADS=N to use more.",
            "          --trainable-blocks K fine-tunes: VGG16's last K blocks are rebuilt from the weights the",
            "          entry was extracted with and trained with the top, on the cached activations (never",
            "          recomputed below the cache). Those rows are fed raw, not standardised, because the",
            "          pretrained convolutions expect raw activations. Needs an entry cached at",
            "          block(5-K)_pool or lower, e.g. extract --layer block4_pool for K=1.",
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
            "  frozen fit --head svm --C 0.001,0.01,0.1,1        (search: best on validation, refit on all)",
            "  frozen fit --head logreg --search --cv 5          (default lambda grid, 5-fold CV)",
            "  frozen fit --head dense --dropout 0.3,0.5 --lr 0.001,0.0003",
            "  frozen fit --head svm --kernel rbf --gamma 0.002 --C 10",
            "  frozen fit --head dense --hidden 1000,500 --dropout 0.5 --epochs 20",
            "  frozen fit --head dense --trainable-blocks 1 --lr 0.0001 --epochs 5   (on block4_pool)",
            ""
        })
public final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--head", required = true, paramLabel = "svm|logreg|dense",
            description = "Which head to train (required): svm, logreg or dense.")
    String head;

    @Option(names = "--features-dir", paramLabel = "DIR", defaultValue = "features",
            description = "Folder holding feature entries (default: ${DEFAULT-VALUE}).")
    Path featuresDir;

    @Option(names = "--features", paramLabel = "ENTRY",
            description = "Feature entry to train on; may be left out when there is only one.")
    String features;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + HeadSpec.DEFAULT_SEED,
            description = "Seed for the validation split, weight init, shuffling and solver order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "" + HeadSpec.DEFAULT_VAL_FRACTION,
            description = "Fraction of each class held out of train for validation, in [0, 1); 0 trains on all of train (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--C", split = ",", paramLabel = "C",
            description = "svm: inverse regularisation strength, > 0; smaller means a smoother, more regularised model (default: 1, as LinearSVC).")
    List<Double> c;

    @Option(names = "--kernel", paramLabel = "linear|rbf",
            description = "svm: linear (liblinear, fast) or rbf (Smile kernel SVM, slow beyond ~10k rows) (default: linear).")
    String kernel;

    @Option(names = "--gamma", split = ",", paramLabel = "G",
            description = "svm rbf only: kernel width in exp(-G*|x-y|^2), > 0 (default: 1/number of features).")
    List<Double> gamma;

    @Option(names = "--solver", paramLabel = "auto|dual|primal",
            description = "svm linear only: liblinear solver; auto picks dual when rows < features, else primal, as scikit-learn's dual=\"auto\" (default: auto).")
    String solver;

    @Option(names = "--tol", split = ",", paramLabel = "T",
            description = "svm, logreg: stopping tolerance, > 0 (default: 1e-4).")
    List<Double> tol;

    @Option(names = "--max-iter", split = ",", paramLabel = "N",
            description = "svm, logreg: iteration limit, >= 1 (default: 1000 for svm, 100 for logreg, as scikit-learn).")
    List<Integer> maxIter;

    @Option(names = "--lambda", split = ",", paramLabel = "L",
            description = "logreg: L2 penalty lambda/2*|w|^2 on the summed log-loss, >= 0; lambda = 1/C of scikit-learn (default: 1).")
    List<Double> lambda;

    @Option(names = "--hidden", paramLabel = "N[,N...]",
            description = "dense: sizes of the hidden relu layers, each followed by dropout (default: 1000). "
                    + "Repeat the option to search over architectures: --hidden 512 --hidden 1000,500.")
    List<String> hidden;

    @Option(names = "--dropout", split = ",", paramLabel = "P",
            description = "dense: fraction of hidden activations DROPPED during training (as Keras), in [0, 1) (default: 0.3).")
    List<Double> dropout;

    @Option(names = "--lr", split = ",", paramLabel = "R",
            description = "dense: Adam learning rate, > 0 (default: 0.001).")
    List<Double> lr;

    @Option(names = "--epochs", split = ",", paramLabel = "N",
            description = "dense: passes over the training rows, >= 1 (default: 10).")
    List<Integer> epochs;

    @Option(names = "--batch", split = ",", paramLabel = "N",
            description = "dense: mini-batch size, >= 1 (default: 256).")
    List<Integer> batch;

    @Option(names = "--trainable-blocks", split = ",", paramLabel = "K",
            description = "dense: also train VGG16's last K convolutional blocks (0-4), rebuilt from the extraction "
                    + "weights in front of the dense top; the entry must be cached at block(5-K)_pool or below. "
                    + "Its features are then NOT standardised (default: 0, the dense top alone).")
    List<Integer> trainableBlocks;

    @Option(names = "--search",
            description = "Search a default grid for every option not given (most regularised first, so each fit "
                    + "starts from its neighbour's solution): svm C in {0.001,0.01,0.1,1,10}; "
                    + "logreg lambda in {100,10,1,0.1,0.01}; dense dropout in {0.3,0.5} x lr in {0.001,0.0003}.")
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
        FeatureEntry entry = FeatureStore.resolve(featuresDir, features);
        out.printf(Locale.ROOT, "fitting %s on %s (layer %s, input %dpx)%n", headSpec.kind(), entry.name(),
                entry.manifest().layer(), entry.manifest().inputSize());
        out.flush();
        if (grid.size() > 1 || cv != null) {
            out.printf(Locale.ROOT, "searching %d setting(s) by %s%n", grid.size(),
                    cv != null ? cv + "-fold cross-validation" : "validation accuracy");
            out.flush();
        }
        RunRecord r = Fitter.fit(entry, headSpec, System.err);
        if (r.search() != null) {
            out.printf(Locale.ROOT, "chosen:        %s (best of %d)%n", r.params(), r.settingsTried());
        }
        out.printf(Locale.ROOT, "rows:          %d train%s, %d val, %d test%n", r.trainRows(),
                r.search() != null && !noRefit ? " (the chosen setting refitted on all)" : "", r.valRows(), r.testRows());
        out.printf(Locale.ROOT, (cv != null ? "cv accuracy:   " : "val accuracy:  ") + "%s%n", r.valAccuracy() == null ? "- (no validation split)"
                : String.format(Locale.ROOT, "%.4f", r.valAccuracy()));
        out.printf(Locale.ROOT, "test accuracy: %.4f%n", r.testAccuracy());
        out.printf(Locale.ROOT, "fit time:      %.1f s%n", r.fitSeconds());
        out.printf(Locale.ROOT, "run record:    %s%n", RunStore.recordFile(entry.runsDir(), r.runId()));
        out.flush();
        return 0;
    }

    /**
     * Builds and validates every setting of the grid before any data is read, so usage errors come first. Each
     * numeric option is a list; the grid is the product of the lists, in the order the options are declared.
     */
    HeadSpec headSpec() {
        return new HeadSpec(grid(), valFraction, seed, cv == null ? 0 : cv, !noRefit);
    }

    List<HeadOptions> grid() {
        HeadKind kind = HeadKind.parse(head);
        List<String> stray = new ArrayList<>();
        List<HeadOptions> grid = new ArrayList<>();
        switch (kind) {
            case SVM -> {
                notFor(kind, stray, "--lambda", lambda, "--hidden", hidden, "--dropout", dropout, "--lr", lr,
                        "--epochs", epochs, "--batch", batch, "--trainable-blocks", trainableBlocks);
                SvmOptions.Kernel k = kernel == null ? SvmOptions.Kernel.LINEAR : SvmOptions.Kernel.parse(kernel);
                SvmOptions.Solver sol = solver == null ? SvmOptions.Solver.AUTO : SvmOptions.Solver.parse(solver);
                List<Double> cs = values(c, search ? (k == SvmOptions.Kernel.LINEAR ? List.of(0.001, 0.01, 0.1, 1.0, 10.0)
                        : List.of(0.1, 1.0, 10.0)) : List.of(SvmOptions.DEFAULT_C));
                List<Double> gammas = gamma == null ? java.util.Collections.singletonList(null) : gamma;
                for (double cv : cs) {
                    for (Double g : gammas) {
                        for (double t : values(tol, List.of(SvmOptions.DEFAULT_TOL))) {
                            for (int it : values(maxIter, List.of(SvmOptions.DEFAULT_MAX_ITER))) {
                                grid.add(new SvmOptions(cv, k, g, t, it, sol));
                            }
                        }
                    }
                }
            }
            case LOGREG -> {
                notFor(kind, stray, "--C", c, "--kernel", kernel, "--gamma", gamma, "--solver", solver, "--hidden", hidden,
                        "--dropout", dropout, "--lr", lr, "--epochs", epochs, "--batch", batch,
                        "--trainable-blocks", trainableBlocks);
                for (double l : values(lambda, search ? List.of(100.0, 10.0, 1.0, 0.1, 0.01) : List.of(LogRegOptions.DEFAULT_LAMBDA))) {
                    for (double t : values(tol, List.of(LogRegOptions.DEFAULT_TOL))) {
                        for (int it : values(maxIter, List.of(LogRegOptions.DEFAULT_MAX_ITER))) {
                            grid.add(new LogRegOptions(l, t, it));
                        }
                    }
                }
            }
            default -> {
                notFor(kind, stray, "--C", c, "--kernel", kernel, "--gamma", gamma, "--solver", solver, "--lambda", lambda, "--tol", tol,
                        "--max-iter", maxIter);
                List<List<Integer>> layers = new ArrayList<>();
                for (String h : hidden == null ? List.<String>of() : hidden) {
                    layers.add(hiddenLayers(h));
                }
                if (layers.isEmpty()) {
                    layers.add(DenseOptions.DEFAULT_HIDDEN);
                }
                for (List<Integer> h : layers) {
                    for (double d : values(dropout, search ? List.of(0.3, 0.5) : List.of(DenseOptions.DEFAULT_DROPOUT))) {
                        for (double r : values(lr, search ? List.of(1e-3, 3e-4) : List.of(DenseOptions.DEFAULT_LR))) {
                            for (int e : values(epochs, List.of(DenseOptions.DEFAULT_EPOCHS))) {
                                for (int b : values(batch, List.of(DenseOptions.DEFAULT_BATCH))) {
                                    for (int t : values(trainableBlocks, List.of(DenseOptions.DEFAULT_TRAINABLE_BLOCKS))) {
                                        grid.add(new DenseOptions(h, d, r, e, b, t));
                                        tooMany(grid.size());
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (!stray.isEmpty()) {
            throw new UsageError(String.join(", ", stray) + " do(es) not apply to --head " + kind
                    + "; see 'frozen fit --help'");
        }
        tooMany(grid.size());
        return grid;
    }

    private void tooMany(int settings) {
        if (maxSettings < 1) {
            throw new UsageError("--max-settings must be at least 1, found " + maxSettings);
        }
        if (settings > maxSettings) {
            throw new UsageError("the grid has more than " + maxSettings + " settings (the product of the option lists); "
                    + "shorten the lists or raise --max-settings");
        }
    }

    private static <T> List<T> values(List<T> given, List<T> fallback) {
        return given == null ? fallback : given;
    }

    private static List<Integer> hiddenLayers(String spec) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            try {
                sizes.add(Integer.parseInt(part.strip()));
            } catch (NumberFormatException e) {
                throw new UsageError("--hidden: expected layer sizes like 1000 or 1000,500, found '" + spec + "'");
            }
        }
        return sizes;
    }

    private static void notFor(HeadKind kind, List<String> stray, Object... nameValuePairs) {
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            if (nameValuePairs[i + 1] != null) {
                stray.add((String) nameValuePairs[i]);
            }
        }
    }

}
