package dev.frozen.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.frozen.DataError;
import dev.frozen.FrozenHome;
import dev.frozen.data.ImageFolder;
import dev.frozen.data.SyntheticImages;
import dev.frozen.experiments.fit.Predictor;
import dev.frozen.export.OnnxExport;
import java.io.PrintWriter;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ONNX part of {@code frozen bench}: on a synthetic folder entry (random weights, block5_pool), fits a logreg head,
 * times {@code frozen export}, then classifies the same batch of PNG files with {@code frozen predict}'s code path
 * ({@link Predictor}) and with ONNX Runtime's Java API on the exported model, image decoding included in both. ONNX
 * Runtime is a provided-scope dependency: this class is loaded only when it is on the class path.
 */
final class OnnxBench {
    /** The class whose presence says ONNX Runtime is on the class path. */
    static final String RUNTIME_CLASS = "ai.onnxruntime.OrtEnvironment";

    private OnnxBench() {}

    static boolean runtimePresent() {
        try {
            Class.forName(RUNTIME_CLASS, false, OnnxBench.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static void run(PrintWriter out, FrozenCli frozen, FrozenHome home, int size, int batch, int repeats, int threads, Path dir)
            throws Exception {
        Path data = SyntheticImages.generate(dir.resolve("onnx-images-" + size), 3, 8, (batch + 2) / 3, size, 1);
        Path features = dir.resolve("onnx-features-" + size);
        frozen.run("extract", Peers.options("dataset", "folder", "data", data, "weights", "random:1", "input_size", size,
                "features_dir", features));
        String fit = frozen.run("fit", Peers.options("head", dev.frozen.heads.LogRegOptions.defaults().kind().id(),
                "features_dir", features));
        Matcher m = Pattern.compile("runs/([^/\\s]+)\\.json").matcher(fit);
        if (!m.find()) {
            throw new DataError("bench: expected the fitted run's record path in fit's output, found: " + fit.strip());
        }
        String run = m.group(1);
        Path model = dir.resolve("bench-" + size + ".onnx");
        long t0 = System.nanoTime();
        OnnxExport.Result exported = OnnxExport.export(features, run, null, home, false, model, s -> {});
        double exportSeconds = (System.nanoTime() - t0) / 1e9;

        List<Path> images;
        try (var files = Files.walk(data.resolve("test"))) {
            images = files.filter(p -> p.toString().endsWith(".png")).sorted().limit(batch).toList();
        }
        double predictBest = Double.MAX_VALUE;
        try (Predictor predictor = Predictor.open(features, run, null, home, s -> {})) {
            predictor.predict(images, 1); // warm-up: plans and weight reorders are made on the first batch
            for (int r = 0; r < repeats; r++) {
                long s = System.nanoTime();
                predictor.predict(images, 1);
                predictBest = Math.min(predictBest, (System.nanoTime() - s) / 1e9);
            }
        }
        double onnxBest = Double.MAX_VALUE;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                onnxRun(env, session, images, size); // warm-up
                for (int r = 0; r < repeats; r++) {
                    long s = System.nanoTime();
                    onnxRun(env, session, images, size);
                    onnxBest = Math.min(onnxBest, (System.nanoTime() - s) / 1e9);
                }
            }
        }
        double predictRate = images.size() / predictBest;
        double onnxRate = images.size() / onnxBest;
        out.printf(Locale.ROOT, "onnx: %dpx, block5_pool, logreg, batch of %d PNG files, best of %d, %d threads%n", size,
                images.size(), repeats, threads);
        out.printf(Locale.ROOT, "  export                 %6.2f s  (%.1f MB model; %.2f s of it loading the weights, %.2f s the rest)%n",
                exportSeconds, exported.bytes() / 1e6, exported.weightsSeconds(), exportSeconds - exported.weightsSeconds());
        out.printf(Locale.ROOT, "  frozen predict path    %8.1f img/s%n", predictRate);
        out.printf(Locale.ROOT, "  onnxruntime %-10s %8.1f img/s  %.2fx frozen predict%n", onnxVersion(env), onnxRate,
                onnxRate / predictRate);
        out.flush();
    }

    private static void onnxRun(OrtEnvironment env, OrtSession session, List<Path> images, int size) throws OrtException {
        int stride = size * size * 3;
        float[] pixels = new float[images.size() * stride];
        for (int i = 0; i < images.size(); i++) {
            byte[] p = ImageFolder.decode(images.get(i)).pixels();
            for (int j = 0; j < stride; j++) {
                pixels[i * stride + j] = p[j] & 0xFF;
            }
        }
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {images.size(), size, size, 3});
                OrtSession.Result r = session.run(Map.of(OnnxExport.IMAGES, t))) {
            r.get(OnnxExport.LABEL).orElseThrow();
        }
    }

    private static String onnxVersion(OrtEnvironment env) {
        try {
            return env.getVersion();
        } catch (RuntimeException e) {
            return "";
        }
    }
}
