package dev.frozen.cli;

import dev.frozen.UsageError;
import dev.frozen.backbone.WeightsSpec;
import dev.frozen.export.OnnxExport;
import dev.frozen.export.OnnxInspect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code frozen export}: writes a recorded run as one ONNX model, or describes an ONNX file. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Write a fitted run as one ONNX model that any ONNX runtime runs without frozen.",
            "",
            "The model (ONNX opset " + OnnxExport.OPSET + ") takes 'images' float32 [N, H, W, 3], RGB values 0..255",
            "already resized to the entry's input size; inside, the",
            "entry's preprocessing, the VGG16 layers up to the cached layer (and a fine-tuned run's own blocks), the",
            "pooling, the head's standardisation and the head; outputs 'label' int64 [N] and 'probabilities' (logreg,",
            "dense) or 'scores' (svm: decision values, not probabilities) float32 [N, classes]. The run id, entry,",
            "weights SHA-256, class names and settings are in the model's metadata_props. k-NN runs are refused.",
            "",
            "Examples:",
            "  frozen export --run 20261128-101500-123-logreg-ab12cd -o cifar.onnx",
            "  frozen export --run 20261128-101500 --head-only -o head.onnx   # from cached feature rows",
            "  frozen export --inspect cifar.onnx",
            ""})
public final class ExportCommand extends Verb {
    @Option(names = "--run", paramLabel = "RUN-ID",
            description = "The run to export (its id, or a unique prefix of it), as listed by 'frozen compare'.")
    String run;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "FORMAT",
            description = "Model format; only onnx (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the model (replaced atomically).")
    Path output;

    @Option(names = "--head-only",
            description = "Export the head alone: input 'features' float32 [N, D], the cached layer's rows as the entry "
                    + "stores them (flattened channels-last, after its pooling), for features computed elsewhere.")
    boolean headOnly;

    @Option(names = "--weights", paramLabel = "SPEC",
            description = "Use these weights instead of the ones recorded in the entry (e.g. when the .h5 moved). "
                    + "They must be the same weights: a file whose SHA-256 differs from the entry's is refused.")
    String weights;

    @Option(names = "--inspect", paramLabel = "MODEL.onnx",
            description = "Print an ONNX file's metadata and input/output signature instead of exporting.")
    Path inspect;

    @Mixin
    FeaturesDirOption featuresDirOption;

    @Override
    public Integer call() {
        if (inspect != null) {
            if (run != null || output != null || headOnly) {
                throw new UsageError("--inspect reads a model and takes no --run, -o or --head-only; found "
                        + (run != null ? "--run" : output != null ? "-o" : "--head-only") + " beside it");
            }
            OnnxInspect.describe(inspect).forEach(out()::println);
            return 0;
        }
        if (!format.equals("onnx")) {
            throw new UsageError("--format: expected onnx, found '" + format + "' (features as Parquet: frozen cache export)");
        }
        if (run == null || output == null) {
            throw new UsageError("expected --run RUN-ID and -o FILE (or --inspect MODEL.onnx), found "
                    + (run == null ? "no --run" : "no -o"));
        }
        if (Files.isDirectory(output)) {
            throw new UsageError("-o expects a file name, found a folder: " + output);
        }
        long t0 = System.nanoTime();
        OnnxExport.Result r = OnnxExport.export(featuresDirOption.dir, run,
                weights == null ? null : WeightsSpec.parse(weights, main.home()), main.home(), headOnly, output,
                spec.commandLine().getErr()::println);
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder shape = new StringBuilder();
        for (long d : r.inputShape()) {
            shape.append(shape.length() == 0 ? "" : ", ").append(d < 0 ? "N" : Long.toString(d));
        }
        out().printf(Locale.ROOT, "wrote %s (%.1f MB) in %.1f s: %s float32 [%s] -> %s int64 [N], %s float32 [N, %d]%n",
                r.file(), r.bytes() / 1e6, seconds, r.input(), shape, OnnxExport.LABEL, r.scores(), r.classes());
        return 0;
    }
}
