package dev.frozen.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.frozen.FrozenHome;
import dev.frozen.cli.CliRun;
import dev.frozen.data.ImageFolder;
import dev.frozen.data.RgbImage;
import dev.frozen.data.Split;
import dev.frozen.data.SyntheticCifar;
import dev.frozen.data.SyntheticImages;
import dev.frozen.experiments.fit.Predictor;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import dev.frozen.heads.Head;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported models run in ONNX Runtime (an independent engine) give the labels {@code frozen predict}'s code path
 * ({@link Predictor}) gives, and probabilities within 1e-4, on generated 32 px images; head-only models the head's
 * answers on the entry's cached test rows.
 */
class OnnxExportTest {
    static final double TOLERANCE = 1e-4;

    @TempDir
    static Path tmp;
    static Path home;
    static Path folderData;
    static Path folderFeatures;

    @BeforeAll
    static void folderEntry() {
        home = tmp.resolve("home");
        folderData = SyntheticImages.generate(tmp.resolve("imgs"), 3, 10, 3, 32, 5);
        folderFeatures = tmp.resolve("features-folder");
        ok(CliRun.in(home, "extract", "--dataset", "folder", "--data", folderData.toString(), "--weights", "random:2",
                "--input-size", "32", "--features-dir", folderFeatures.toString()));
    }

    @Test
    void logregOnAFolderEntry() throws Exception {
        String run = fit(folderFeatures, "--head", "logreg");
        Compared c = compareWithPredict(folderFeatures, run, testImages(), OnnxExport.PROBABILITIES);
        assertTrue(c.maxDiff <= TOLERANCE, "max |p_onnx - p_predict| = " + c.maxDiff);
        compareHeadOnly(folderFeatures, run, OnnxExport.PROBABILITIES);
    }

    @Test
    void linearSvmGivesScoresNotProbabilities() throws Exception {
        String run = fit(folderFeatures, "--head", "svm");
        Compared c = compareWithPredict(folderFeatures, run, testImages(), OnnxExport.SCORES);
        assertTrue(c.maxDiff <= TOLERANCE, "max relative |s_onnx - s_predict| = " + c.maxDiff);
        assertTrue(c.metadata.get("outputs").contains("not probabilities"), c.metadata.toString());
        compareHeadOnly(folderFeatures, run, OnnxExport.SCORES);
    }

    @Test
    void denseOnAFolderEntry() throws Exception {
        String run = fit(folderFeatures, "--head", "dense", "--hidden", "16,8", "--epochs", "3", "--batch", "8");
        Compared c = compareWithPredict(folderFeatures, run, testImages(), OnnxExport.PROBABILITIES);
        assertTrue(c.maxDiff <= TOLERANCE, "max |p_onnx - p_predict| = " + c.maxDiff);
        compareHeadOnly(folderFeatures, run, OnnxExport.PROBABILITIES);
    }

    /** block4_pool at 32 px is 2x2x512: the fine-tuned block 5 runs in the graph, and a logreg on the same rows checks the flatten order. */
    @Test
    void fineTunedBlockAndFlattenOrderOnABlock4Entry() throws Exception {
        Path features = tmp.resolve("features-block4");
        ok(CliRun.in(home, "extract", "--dataset", "folder", "--data", folderData.toString(), "--weights", "random:2",
                "--input-size", "32", "--layer", "block4_pool", "--features-dir", features.toString()));
        String run = fit(features, "--head", "dense", "--trainable-blocks", "1", "--hidden", "8", "--epochs", "1",
                "--batch", "8");
        Compared c = compareWithPredict(features, run, testImages(), OnnxExport.PROBABILITIES);
        assertTrue(c.maxDiff <= TOLERANCE, "max |p_onnx - p_predict| = " + c.maxDiff);
        assertEquals("dense (fine-tuned)", c.metadata.get("head"));
        assertEquals("block4_pool", c.metadata.get("layer"));
        compareHeadOnly(features, run, OnnxExport.PROBABILITIES);

        String logreg = fit(features, "--head", "logreg");
        Compared flat = compareWithPredict(features, logreg, testImages(), OnnxExport.PROBABILITIES);
        assertTrue(flat.maxDiff <= TOLERANCE, "max |p_onnx - p_predict| = " + flat.maxDiff);
        assertEquals("[2,2,512]", flat.metadata.get("feature_shape"));
    }

    /** ONNX's own checker (Debian's python3-onnx, with shape inference); skipped where python3 cannot import onnx. */
    @Test
    void passesTheOnnxChecker() throws Exception {
        String python = pythonWithOnnx();
        Assumptions.assumeTrue(python != null, "no python3 with the onnx package (apt-get install python3-onnx)");
        String dense = fit(folderFeatures, "--head", "dense", "--hidden", "8", "--epochs", "1", "--batch", "8");
        Path full = tmp.resolve("checked.onnx");
        Path headOnly = tmp.resolve("checked-head.onnx");
        ok(CliRun.in(home, "export", "--run", dense, "--features-dir", folderFeatures.toString(), "-o", full.toString()));
        ok(CliRun.in(home, "export", "--run", dense, "--head-only", "--features-dir", folderFeatures.toString(), "-o",
                headOnly.toString()));
        Process p = new ProcessBuilder(python, "-c", "import onnx, sys\n"
                + "for f in sys.argv[1:]:\n"
                + "    onnx.checker.check_model(onnx.load(f), full_check=True)\n"
                + "print('checked', len(sys.argv) - 1)", full.toString(), headOnly.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.contains("checked 2"), output);
    }

    private static String pythonWithOnnx() throws InterruptedException {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import onnx").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // not installed under this name
            }
        }
        return null;
    }

    @Test
    void avgPoolingOnACifarEntry() throws Exception {
        Path cifar = SyntheticCifar.write(tmp.resolve("cifar"), 120, 20, 3);
        Path features = tmp.resolve("features-cifar");
        ok(CliRun.in(home, "extract", "--data", cifar.toString(), "--weights", "random:2", "--input-size", "32",
                "--layer", "block3_pool", "--pooling", "avg", "--features-dir", features.toString()));
        String run = fit(features, "--head", "logreg");
        Compared c = compareWithPredict(features, run, randomImages(tmp.resolve("random-png"), 5, 32), OnnxExport.PROBABILITIES);
        assertTrue(c.maxDiff <= TOLERANCE, "max |p_onnx - p_predict| = " + c.maxDiff);
        assertEquals("avg", c.metadata.get("pooling"));
        assertEquals(10, c.classes);
        compareHeadOnly(features, run, OnnxExport.PROBABILITIES);
    }

    @Test
    void inspectPrintsSignatureAndProvenance() {
        String run = fit(folderFeatures, "--head", "logreg", "--lambda", "0.5");
        Path model = tmp.resolve("inspect.onnx");
        ok(CliRun.in(home, "export", "--run", run, "--features-dir", folderFeatures.toString(), "-o", model.toString()));
        CliRun inspect = ok(CliRun.in(home, "export", "--inspect", model.toString()));
        String out = inspect.out();
        assertTrue(out.contains("input:  images float32 [N, 32, 32, 3]"), out);
        assertTrue(out.contains("output: label int64 [N]"), out);
        assertTrue(out.contains("output: probabilities float32 [N, 3]"), out);
        assertTrue(out.contains("opset ai.onnx 13"), out);
        assertTrue(out.contains("run_id: " + run), out);
        assertTrue(out.contains("class_names: [\"blue_diag\",\"green_cols\",\"red_rows\"]"), out);
        assertTrue(out.contains("preprocessing: caffe"), out);
        assertTrue(out.contains("weights: random:2"), out);
    }

    @Test
    void rbfSvmGivesScores() throws Exception {
        String run = fit(folderFeatures, "--head", "svm", "--kernel", "rbf");
        Compared c = compareWithPredict(folderFeatures, run, testImages(), OnnxExport.SCORES);
        assertTrue(c.maxDiff <= TOLERANCE, "max relative |s_onnx - s_predict| = " + c.maxDiff);
        assertEquals("svm (rbf kernel)", c.metadata.get("head"));
        compareHeadOnly(folderFeatures, run, OnnxExport.SCORES);
    }

    /** bf16 entries export in float32, and the model says so. */
    @Test
    void bf16EntryExportsInFloat32() throws Exception {
        Path features = tmp.resolve("features-bf16");
        ok(CliRun.in(home, "extract", "--dataset", "folder", "--data", folderData.toString(), "--weights", "random:2",
                "--input-size", "32", "--precision", "bf16", "--allow-emulated-bf16", "--features-dir", features.toString()));
        String run = fit(features, "--head", "logreg");
        Path model = tmp.resolve("bf16.onnx");
        ok(CliRun.in(home, "export", "--run", run, "--features-dir", features.toString(), "-o", model.toString()));
        Ran ran = runOnnx(model, OnnxExport.IMAGES, new float[32 * 32 * 3], new long[] {1, 32, 32, 3}, OnnxExport.PROBABILITIES);
        String precision = ran.metadata().get("precision");
        assertTrue(precision.startsWith("float32") && precision.contains("bf16"), precision);
        assertEquals(3, ran.scores()[0].length);
    }

    @Test
    void refusalsAreOneLine() throws IOException {
        CliRun noOutput = CliRun.in(home, "export", "--run", "x", "--features-dir", folderFeatures.toString());
        assertEquals(2, noOutput.code(), noOutput.toString());
        assertTrue(noOutput.cleanError() && noOutput.err().strip().lines().count() == 1, noOutput.toString());

        CliRun unknown = CliRun.in(home, "export", "--run", "nope", "--features-dir", folderFeatures.toString(), "-o",
                tmp.resolve("nope.onnx").toString());
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(!Files.exists(tmp.resolve("nope.onnx")), "nothing written");

        CliRun folder = CliRun.in(home, "export", "--run", "x", "--features-dir", folderFeatures.toString(), "-o",
                tmp.toString());
        assertEquals(2, folder.code(), folder.toString());
        assertTrue(folder.err().contains("found a folder"), folder.toString());

        String knn = fit(folderFeatures, "--head", "knn");
        CliRun knnExport = CliRun.in(home, "export", "--run", knn, "--features-dir", folderFeatures.toString(), "-o",
                tmp.resolve("knn.onnx").toString());
        assertEquals(2, knnExport.code(), knnExport.toString());
        assertTrue(knnExport.cleanError() && knnExport.err().strip().lines().count() == 1, knnExport.toString());
        assertTrue(knnExport.err().contains("k-nearest-neighbours"), knnExport.toString());
        assertTrue(!Files.exists(tmp.resolve("knn.onnx")), "nothing written");

        CliRun format = CliRun.in(home, "export", "--run", "x", "--format", "pmml", "-o", tmp.resolve("x").toString());
        assertEquals(2, format.code(), format.toString());
        assertTrue(format.err().contains("expected onnx"), format.toString());

        CliRun missing = CliRun.in(home, "export", "--inspect", tmp.resolve("none.onnx").toString());
        assertEquals(2, missing.code(), missing.toString());
        Path junk = Files.writeString(tmp.resolve("junk.onnx"), "not a model at all");
        CliRun notOnnx = CliRun.in(home, "export", "--inspect", junk.toString());
        assertEquals(1, notOnnx.code(), notOnnx.toString());
        assertTrue(notOnnx.cleanError() && notOnnx.err().contains("expected an ONNX model"), notOnnx.toString());
    }

    /** What one comparison found: the largest difference, the model's metadata and class count. */
    record Compared(double maxDiff, Map<String, String> metadata, int classes) {}

    /**
     * Exports {@code run}, runs it in ONNX Runtime on {@code images} and compares with {@link Predictor}: the same
     * label for every image, and the largest score difference (relative to max(1, |score|)) returned.
     */
    static Compared compareWithPredict(Path features, String run, List<Path> images, String scoresName) throws Exception {
        Path model = tmp.resolve(run + ".onnx");
        ok(CliRun.in(home, "export", "--run", run, "--features-dir", features.toString(), "-o", model.toString()));
        int size = 32;
        float[] pixels = new float[images.size() * size * size * 3];
        for (int i = 0; i < images.size(); i++) {
            byte[] p = ImageFolder.decode(images.get(i)).pixels();
            assertEquals(size * size * 3, p.length, "test images are at the input size");
            for (int j = 0; j < p.length; j++) {
                pixels[i * p.length + j] = p[j] & 0xFF;
            }
        }
        Ran ran = runOnnx(model, OnnxExport.IMAGES, pixels, new long[] {images.size(), size, size, 3}, scoresName);
        List<String> classNames;
        List<Predictor.Prediction> expected;
        try (Predictor predictor = Predictor.open(features, run, null, new FrozenHome(home), s -> {})) {
            classNames = predictor.record().classNames();
            expected = predictor.predict(images, classNames.size());
        }
        double maxDiff = 0;
        for (int i = 0; i < images.size(); i++) {
            Predictor.Prediction p = expected.get(i);
            assertEquals(p.top().get(0).className(), classNames.get((int) ran.labels[i]), "label of " + images.get(i));
            for (Predictor.Scored s : p.top()) {
                double onnx = ran.scores[i][classNames.indexOf(s.className())];
                maxDiff = Math.max(maxDiff, Math.abs(onnx - s.score()) / Math.max(1, Math.abs(s.score())));
            }
        }
        return new Compared(maxDiff, ran.metadata, classNames.size());
    }

    /** A --head-only export of {@code run} on the entry's cached test rows: the head's labels, scores within 1e-4. */
    static void compareHeadOnly(Path features, String run, String scoresName) throws Exception {
        Path model = tmp.resolve(run + "-head.onnx");
        ok(CliRun.in(home, "export", "--run", run, "--head-only", "--features-dir", features.toString(), "-o",
                model.toString()));
        Predictor.Resolved resolved = Predictor.resolve(features, run, null, new FrozenHome(home), s -> {}, false);
        FeatureSet test = FeatureStore.find(features, resolved.entryName()).orElseThrow().load(Split.TEST);
        float[] flat = new float[test.size() * test.dim()];
        for (int i = 0; i < test.size(); i++) {
            System.arraycopy(test.features()[i], 0, flat, i * test.dim(), test.dim());
        }
        Ran ran = runOnnx(model, OnnxExport.FEATURES, flat, new long[] {test.size(), test.dim()}, scoresName);
        Head head = resolved.head();
        double[][] expected = head.scores(test.features());
        int[] labels = head.predict(test.features());
        long[] wanted = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            wanted[i] = labels[i];
            for (int c = 0; c < expected[i].length; c++) {
                double diff = Math.abs(ran.scores[i][c] - expected[i][c]) / Math.max(1, Math.abs(expected[i][c]));
                assertTrue(diff <= TOLERANCE, "row " + i + " class " + c + ": " + ran.scores[i][c] + " vs " + expected[i][c]);
            }
        }
        assertArrayEquals(wanted, ran.labels);
        assertEquals(String.valueOf(test.dim()), ran.metadata.get("input").replaceAll(".*\\[N, (\\d+)\\].*", "$1"));
    }

    record Ran(long[] labels, float[][] scores, Map<String, String> metadata) {}

    static Ran runOnnx(Path model, String input, float[] data, long[] shape, String scoresName) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model.toString(), options);
                OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            long[] labels = (long[]) result.get(OnnxExport.LABEL).orElseThrow().getValue();
            float[][] scores = (float[][]) result.get(scoresName).orElseThrow().getValue();
            Map<String, String> meta = new HashMap<>(session.getMetadata().getCustomMetadata());
            return new Ran(labels, scores, meta);
        }
    }

    private static List<Path> testImages() throws IOException {
        List<Path> out = new ArrayList<>();
        try (var files = Files.walk(folderData.resolve("test"))) {
            files.filter(p -> p.toString().endsWith(".png")).sorted().forEach(out::add);
        }
        return out.subList(0, Math.min(6, out.size()));
    }

    /** Noise PNGs at the input size: images no entry has seen. */
    static List<Path> randomImages(Path dir, int n, int size) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(7);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    img.setRGB(x, y, r.nextInt(1 << 24));
                }
            }
            Path file = dir.resolve("noise-" + i + ".png");
            ImageIO.write(img, "png", file.toFile());
            out.add(file);
        }
        return out;
    }

    static String fit(Path features, String... args) {
        List<String> all = new ArrayList<>(List.of("fit", "--features-dir", features.toString()));
        all.addAll(List.of(args));
        CliRun fit = ok(CliRun.in(home, all.toArray(String[]::new)));
        Matcher m = Pattern.compile("runs/([^/\\s]+)\\.json").matcher(fit.out());
        assertTrue(m.find(), fit.toString());
        return m.group(1);
    }

    static CliRun ok(CliRun r) {
        assertEquals(0, r.code(), r.toString());
        return r;
    }
}
