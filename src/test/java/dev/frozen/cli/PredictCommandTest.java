package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.data.SyntheticImages;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
    @TempDir Path tmp;

    private static String runId(CliRun fit) {
        Matcher m = Pattern.compile("runs/([^/\\s]+)\\.json").matcher(fit.out());
        assertTrue(m.find(), fit.toString());
        return m.group(1);
    }

    @Test
    void classifiesNewImagesWithTheRecordedBaseAndHead() {
        Path data = SyntheticImages.generate(tmp.resolve("imgs"), 3, 12, 4, 32, 5);
        String features = tmp.resolve("features").toString();
        assertEquals(0, CliRun.in(tmp.resolve("home"), "extract", "--dataset", "folder", "--data", data.toString(), "--weights", "random:2",
                "--input-size", "32", "--features-dir", features).code());
        CliRun fit = CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", features);
        assertEquals(0, fit.code(), fit.toString());

        Path green = data.resolve("test/green_cols/0001.png");
        Path red = data.resolve("test/red_rows/0002.png");
        CliRun predict = CliRun.in(tmp.resolve("home"), "predict", "--run", runId(fit), "--features-dir", features, green.toString(), red.toString());
        assertEquals(0, predict.code(), predict.toString());
        String[] lines = predict.out().split("\n");
        assertEquals(green.toString(), lines[0]);
        assertTrue(lines[1].trim().startsWith("green_cols"), predict.out());
        assertEquals(red.toString(), lines[4]);
        assertTrue(lines[5].trim().startsWith("red_rows"), predict.out());
        double p = Double.parseDouble(lines[1].trim().split("\\s+")[1]);
        assertTrue(p > 0.5 && p <= 1.0, "a probability: " + p);

        CliRun svm = CliRun.in(tmp.resolve("home"), "fit", "--head", "svm", "--features-dir", features);
        CliRun scores = CliRun.in(tmp.resolve("home"), "predict", "--run", runId(svm), "--features-dir", features, "--top", "2", red.toString());
        assertEquals(0, scores.code(), scores.toString());
        assertTrue(scores.out().contains("decision scores"), scores.out());
        assertEquals(3, scores.out().strip().split("\n").length);
    }

    @Test
    void unknownRunAndMissingImageAreUsageErrors() {
        CliRun noRun = CliRun.in(tmp.resolve("home"), "predict", "--run", "nope", "--features-dir", tmp.toString(), tmp.toString());
        assertEquals(2, noRun.code(), noRun.toString());
        CliRun noImage = CliRun.in(tmp.resolve("home"), "predict", "--run", "x", "--features-dir", tmp.toString(), tmp.resolve("a.png").toString());
        assertEquals(2, noImage.code(), noImage.toString());
        assertTrue(noImage.err().contains("no such file"), noImage.toString());
    }
}
