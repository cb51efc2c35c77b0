package dev.frozen.cli;

import dev.frozen.UsageError;
import dev.frozen.backbone.WeightsSpec;
import dev.frozen.experiments.fit.Predictor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code frozen predict}: classifies image files with a recorded run. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Classify image files with a fitted head.",
            "",
            "The frozen base is rebuilt exactly as the run's feature entry was made (weights, layer, input size,",
            "preprocessing), then the run's saved head scores it.",
            "Prints the top classes with probabilities (logreg, dense) or one-vs-rest decision scores (svm).",
            "Weights whose SHA-256 differs from the entry's are refused; a run fitted on features that the",
            "entry no longer holds (re-extracted since) is used with a warning.",
            "",
            "Examples:",
            "  frozen compare                                   # find a run id",
            "  frozen predict --run 20261128-101500-123-logreg-ab12cd cat.jpg dog.png",
            ""})
public final class PredictCommand extends Verb {
    @Option(names = "--run", required = true, paramLabel = "RUN-ID",
            description = "The run to use (its id, or a unique prefix of it), as listed by 'frozen compare'.")
    String run;

    @Parameters(arity = "1..*", paramLabel = "IMAGE",
            description = "PNG, JPEG, BMP or GIF files, any size or mode, or folders: a folder stands for the image "
                    + "files directly in it, by name (sub-folders and other files are skipped).")
    List<Path> images;

    @Mixin
    FeaturesDirOption featuresDirOption;

    @Option(names = "--top", defaultValue = "3", paramLabel = "K", description = "How many classes to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--weights", paramLabel = "SPEC",
            description = "Use these weights instead of the ones recorded in the entry (e.g. when the .h5 moved). "
                    + "They must be the same weights: a file whose SHA-256 differs from the entry's is refused.")
    String weights;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|csv|json",
            description = "text: each image and its top classes, indented (default). csv: one row per image and rank "
                    + "(image,rank,class,score,score_kind). json: an array with one object per image "
                    + "({image, score_kind, top: [{class, score}]}). score_kind is probability, or svm_decision for "
                    + "an SVM's one-vs-rest decision scores.")
    String format;

    /** How the predictions are printed. */
    enum Format implements dev.frozen.Choices.Named {
        TEXT, CSV, JSON
    }

    @Override
    public Integer call() {
        Format fmt = dev.frozen.Choices.parse(Format.class, "format", format);
        if (top < 1) {
            throw new UsageError("--top must be at least 1, found " + top);
        }
        images = expandFolders(images);
        PrintWriter out = out();
        WeightsSpec override = weights == null ? null : WeightsSpec.parse(weights, main.home());
        try (Predictor predictor = featuresDirOption.withHint(main.home(), FeaturesDirOption.hasRun(run),
                () -> Predictor.open(featuresDirOption.dir, run, override, main.home(), err()::println))) {
            // In extraction-sized batches, so a folder of thousands of images needs no more memory than extract does.
            int batch = dev.frozen.features.ExtractionSettings.autoBatch(predictor.record().inputSize());
            if (fmt == Format.CSV) {
                out.println("image,rank,class,score,score_kind");
            } else if (fmt == Format.JSON) {
                out.print("[");
            }
            boolean first = true;
            for (int from = 0; from < images.size(); from += batch) {
                List<Path> chunk = images.subList(from, Math.min(images.size(), from + batch));
                for (Predictor.Prediction p : predictor.predict(chunk, top)) {
                    out.print(render(p, fmt, first));
                    first = false;
                }
                out.flush();
            }
            if (fmt == Format.JSON) {
                out.println(first ? "]" : "\n]");
            }
        }
        return 0;
    }

    /** One image's prediction in {@code fmt}; for json, {@code first} leaves out the separating comma. */
    static String render(Predictor.Prediction p, Format fmt, boolean first) {
        String kind = p.probabilities() ? "probability" : "svm_decision";
        StringBuilder b = new StringBuilder();
        switch (fmt) {
            case TEXT -> {
                b.append(p.image()).append(p.probabilities() ? "" : "  (svm decision scores, not probabilities)").append('\n');
                for (Predictor.Scored s : p.top()) {
                    b.append(String.format(Locale.ROOT, "  %-20s %8.4f%n", s.className(), s.score()));
                }
            }
            case CSV -> {
                int rank = 1;
                for (Predictor.Scored s : p.top()) {
                    b.append(csv(p.image().toString())).append(',').append(rank++).append(',').append(csv(s.className()))
                            .append(',').append(s.score()).append(',').append(kind).append('\n');
                }
            }
            case JSON -> {
                java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
                o.put("image", p.image().toString());
                o.put("score_kind", kind);
                o.put("top", p.top().stream().map(s -> {
                    java.util.Map<String, Object> c = new java.util.LinkedHashMap<>();
                    c.put("class", s.className());
                    c.put("score", s.score());
                    return c;
                }).toList());
                try { // one compact object per line, so the array also reads as one image per line
                    b.append(first ? "\n  " : ",\n  ").append(dev.frozen.Json.MAPPER.writer()
                            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("cannot serialise a prediction", e);
                }
            }
        }
        return b.toString();
    }

    /** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
    static String csv(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }

    /** Files as given; each folder replaced by the image files directly inside it, sorted by name. */
    static List<Path> expandFolders(List<Path> args) {
        List<Path> out = new java.util.ArrayList<>();
        for (Path arg : args) {
            if (Files.isDirectory(arg)) {
                List<Path> inside;
                try (java.util.stream.Stream<Path> list = Files.list(arg)) {
                    inside = list.filter(dev.frozen.data.ImageFolder::isImageFile)
                            .sorted(java.util.Comparator.comparing(p -> p.getFileName().toString())).toList();
                } catch (java.io.IOException e) {
                    throw new dev.frozen.DataError("expected a readable folder of images at " + arg + ", found "
                            + dev.frozen.Plain.describe(e));
                }
                if (inside.isEmpty()) {
                    throw new UsageError("expected image files (.png, .jpg, .jpeg, .bmp, .gif) directly in folder " + arg
                            + ", found none");
                }
                out.addAll(inside);
            } else if (Files.isRegularFile(arg)) {
                out.add(arg);
            } else {
                throw new UsageError("expected an image file or a folder of images, found " + (Files.exists(arg)
                        ? "something that is neither" : "no such file or folder") + ": " + arg);
            }
        }
        return out;
    }
}
