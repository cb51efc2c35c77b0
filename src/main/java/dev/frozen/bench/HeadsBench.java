package dev.frozen.bench;

import dev.frozen.DataError;
import dev.frozen.experiments.fit.FitTarget;
import dev.frozen.experiments.fit.Fitter;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.features.FeatureSet;
import dev.frozen.heads.DenseOptions;
import dev.frozen.heads.HeadOptions;
import dev.frozen.heads.HeadSpec;
import dev.frozen.heads.KnnOptions;
import dev.frozen.heads.LogRegOptions;
import dev.frozen.heads.SvmOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heads part of {@code frozen bench}: fits logreg, svm, dense and knn with their defaults on synthetic
 * features shaped like 48px block5_pool CIFAR-10 features (n x 512, 10 overlapping classes), and, with a
 * peer, scikit-learn's LogisticRegression, LinearSVC and KNeighborsClassifier on the very same rows.
 */
final class HeadsBench {
    private static final int DIM = 512;
    private static final int CLASSES = 10;

    private HeadsBench() {}

    static void run(PrintWriter out, int rows, String peer, int threads, Path dir, Path root) throws IOException,
            InterruptedException {
        FeatureSet train = synthetic(rows, 1);
        FeatureSet test = synthetic(Math.max(1000, rows / 5), 2);
        Map<String, double[]> peerFigures = new HashMap<>();
        if (peer != null) {
            write(dir.resolve("train"), train);
            write(dir.resolve("test"), test);
            Path script = root.resolve("src/bench/python/peer_sklearn.py");
            Process p = Peers.process(List.of(peer, script.toString(), dir.toString(), Integer.toString(DIM), join(SVM_GRID),
                    join(LOGREG_GRID)))
                    .start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new DataError("scikit-learn peer failed (" + peer + " " + script + "): "
                        + output.lines().reduce((a, b) -> b).orElse(""));
            }
            Matcher m = Pattern.compile("\"head\": \"([\\w-]+)\", \"fit_seconds\": ([0-9.]+), \"test_accuracy\": ([0-9.]+)")
                    .matcher(output);
            while (m.find()) {
                peerFigures.put(m.group(1), new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
            }
        }
        out.printf(Locale.ROOT, "heads on synthetic %d x %d features (%d classes), %d test rows, no validation split:%n",
                rows, DIM, CLASSES, test.size());
        boolean withPeer = peer != null;
        out.println(withPeer ? String.format(Locale.ROOT, "%-8s %9s %9s %12s %12s %10s %10s", "head", "fit s", "test acc",
                "sklearn s", "sklearn acc", "time ratio", "acc diff")
                : String.format(Locale.ROOT, "%-8s %9s %9s", "head", "fit s", "test acc"));
        FitTarget target = new FitTarget("bench-synthetic", "block5_pool", 48, dir.resolve("runs"));
        List<HeadOptions> heads = List.of(SKLEARN_LOGREG, SKLEARN_SVM, DenseOptions.defaults(), KnnOptions.defaults());
        for (HeadOptions options : heads) {
            long start = System.nanoTime();
            RunRecord r = Fitter.fit(target, train, test, new HeadSpec(options, 0.0, 42),
                    new PrintStream(OutputStream.nullOutputStream()));
            // kNN's work is in scoring, so its row times the whole fit call, test rows scored included, as the
            // peer times fit + predict.
            double seconds = options instanceof KnnOptions ? (System.nanoTime() - start) / 1e9 : r.fitSeconds();
            double[] peerResult = peerFigures.get(options.kind().id());
            out.println(!withPeer ? String.format(Locale.ROOT, "%-8s %9.1f %9.4f", options.kind().id(), seconds,
                    r.testAccuracy()) : String.format(Locale.ROOT, "%-8s %9.1f %9.4f %12s %12s %10s %10s", options.kind().id(),
                    seconds, r.testAccuracy(),
                    peerResult == null ? "-" : String.format(Locale.ROOT, "%.1f", peerResult[0]),
                    peerResult == null ? "-" : String.format(Locale.ROOT, "%.4f", peerResult[1]),
                    peerResult == null ? "-" : String.format(Locale.ROOT, "%.2fx", seconds / peerResult[0]),
                    peerResult == null ? "-" : String.format(Locale.ROOT, "%+.2f pt", 100 * (r.testAccuracy() - peerResult[1]))));
            out.flush();
        }
        if (withPeer) {
            out.println("time ratio = frozen fit time / scikit-learn fit time (below 1 is faster); dense has no peer; knn "
                    + "times fit + scoring the test rows on both sides (k=20, cosine; KNeighborsClassifier, brute force).");
        }

        // Searches along a C / lambda path, each against one default fit with the same 10% validation split.
        out.printf(Locale.ROOT, "%nsearch over 6 settings on a 10%% validation split, then refit on all training rows:%n");
        out.println(String.format(Locale.ROOT, "%-8s %-34s %18s %9s %12s %12s %14s", "head", "grid", "one fit s",
                "search s", "search/one", withPeer ? "sklearn s" : "", withPeer ? "sklearn/search" : "").stripTrailing());
        for (HeadOptions one : List.<HeadOptions>of(SKLEARN_SVM, SKLEARN_LOGREG)) {
            String head = one.kind().id();
            boolean svm = one instanceof SvmOptions;
            List<HeadOptions> grid = new java.util.ArrayList<>();
            for (double v : svm ? SVM_GRID : LOGREG_GRID) {
                grid.add(svm ? SvmOptions.defaults().with("C", v) : SKLEARN_LOGREG.with("lambda", v));
            }
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            // One default fit just before and one just after the search: this shared machine's speed drifts by
            // tens of percent within minutes, and the mean of the two brackets the search in time.
            RunRecord before = Fitter.fit(target, train, test, new HeadSpec(one, 0.1, 42), quiet);
            RunRecord searched = Fitter.fit(target, train, test, new HeadSpec(grid, 0.1, 42, 0, true), quiet);
            RunRecord after = Fitter.fit(target, train, test, new HeadSpec(one, 0.1, 42), quiet);
            double oneFit = (before.fitSeconds() + after.fitSeconds()) / 2;
            double[] peerGrid = peerFigures.get(head + "-grid");
            out.println(String.format(Locale.ROOT, "%-8s %-34s %18s %9.1f %11.2fx %12s %14s", head,
                    (svm ? "C " : "lambda ") + join(svm ? SVM_GRID : LOGREG_GRID),
                    String.format(Locale.ROOT, "%.1f (%.1f,%.1f)", oneFit, before.fitSeconds(), after.fitSeconds()),
                    searched.fitSeconds(), searched.fitSeconds() / oneFit,
                    peerGrid == null ? "" : String.format(Locale.ROOT, "%.1f", peerGrid[0]),
                    peerGrid == null ? "" : String.format(Locale.ROOT, "%.2fx", peerGrid[0] / searched.fitSeconds())).stripTrailing());
            out.flush();
        }
        out.println("search/one = frozen's search time / one default fit (each setting warm-starts from the previous one); "
                + "one fit = mean of a default fit just before and just after the search (before, after)"
                + (withPeer ? "; sklearn = GridSearchCV, no warm starts." : "."));
    }

    /** scikit-learn's defaults (LogisticRegression C=1, 100 iterations; LinearSVC C=1), as the peer runs them. */
    static final LogRegOptions SKLEARN_LOGREG = LogRegOptions.defaults().with("lambda", 1.0).with("max_iter", 100);
    static final SvmOptions SKLEARN_SVM = SvmOptions.defaults().with("C", 1.0);

    /** The grids searched: ordered from most to least regularised, so each warm start is a close neighbour. */
    static final double[] SVM_GRID = {0.0001, 0.001, 0.01, 0.1, 1, 10};
    static final double[] LOGREG_GRID = {1000, 100, 10, 1, 0.1, 0.01};

    private static String join(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            // Plain decimals (0.0001, 10), as both frozen's and the peer's parsers read them.
            b.append(b.length() == 0 ? "" : ",").append(java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
        }
        return b.toString();
    }

    /** Overlapping Gaussian classes with non-negative, ReLU-like features, so accuracy is far from 100%. */
    static FeatureSet synthetic(int rows, long seed) {
        Random means = new Random(7);
        float[][] centre = new float[CLASSES][DIM];
        for (int k = 0; k < CLASSES; k++) {
            for (int j = 0; j < DIM; j++) {
                centre[k][j] = (float) (means.nextGaussian() * 0.12);
            }
        }
        Random r = new Random(seed);
        float[][] x = new float[rows][DIM];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            int k = i % CLASSES;
            y[i] = k;
            for (int j = 0; j < DIM; j++) {
                x[i][j] = (float) Math.max(0, 0.5 + centre[k][j] + r.nextGaussian());
            }
        }
        return new FeatureSet(x, y, List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"));
    }

    private static void write(Path prefix, FeatureSet set) throws IOException {
        ByteBuffer xs = ByteBuffer.allocate(set.size() * DIM * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer ys = ByteBuffer.allocate(set.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < set.size(); i++) {
            for (float v : set.features()[i]) {
                xs.putFloat(v);
            }
            ys.putInt(set.labels()[i]);
        }
        Files.write(Path.of(prefix + ".f32"), xs.array());
        Files.write(Path.of(prefix + ".i32"), ys.array());
    }
}
