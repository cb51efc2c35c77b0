package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.Plain;
import dev.frozen.data.SyntheticImages;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.TestManifests;
import dev.frozen.heads.Blobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure is one plain line (no Java class names) with exit 2 for usage and 1 for data. */
class PlainFailuresTest {
    @TempDir Path tmp;

    private CliRun fails(int code, String fragment, String... args) {
        CliRun r = CliRun.in(tmp.resolve("home"), args);
        assertEquals(code, r.code(), r.toString());
        assertTrue(r.cleanError(), r.toString());
        assertTrue(r.err().contains(fragment), "expected '" + fragment + "' in " + r);
        String first = r.err().lines().findFirst().orElse("");
        assertFalse(first.matches(".*\\b[A-Z][A-Za-z]*(Exception|Error)\\b.*") || first.contains("[Source:"), first);
        return r;
    }

    @Test
    void featuresDirMustBeAFolder() throws Exception {
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        for (String verb : List.of("extract", "fit", "compare", "verify")) {
            List<String> extra = verb.equals("fit") ? List.of("--head", "logreg") : List.of();
            String[] empty = concat(List.of(verb, "--features-dir", ""), extra);
            fails(2, "--features-dir expects a folder, found an empty value", empty);
            fails(2, "found a file that is not a folder: " + file, concat(List.of(verb, "--features-dir", file.toString()), extra));
        }
        assertFalse(Files.exists(Path.of("runs")), "nothing written into the current folder");
    }

    private static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }

    @Test
    void weightsFolderIsAUsageErrorLikeAMissingFile() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("weights-dir"));
        fails(2, "which is a folder", "extract", "--weights", dir.toString(), "--features-dir", tmp.resolve("f").toString());
        fails(2, "which does not exist", "extract", "--weights", tmp.resolve("nope.h5").toString(),
                "--features-dir", tmp.resolve("f").toString());
    }

    @Test
    void anInputSizeTooLargeForTheHeapIsRefusedUpFrontWithTheLimit() {
        fails(2, "largest input size that fits is", "extract", "--input-size", "10000", "--weights", "random:1",
                "--features-dir", tmp.resolve("f").toString());
    }

    @Test
    void damagedImagesAreOnePlainLine() throws Exception {
        Path data = SyntheticImages.generate(tmp.resolve("imgs"), 2, 3, 2, 32, 5);
        Path victim;
        try (var list = Files.list(data.resolve("train").resolve(Files.list(data.resolve("train")).sorted().findFirst()
                .orElseThrow().getFileName()))) {
            victim = list.sorted().findFirst().orElseThrow();
        }
        byte[] png = Files.readAllBytes(victim);
        Files.write(victim, java.util.Arrays.copyOf(png, 40)); // truncated inside the header
        fails(1, victim.toString(), "extract", "--dataset", "folder", "--data", data.toString(), "--weights", "random:1",
                "--input-size", "32", "--features-dir", tmp.resolve("f").toString());
        Files.write(victim, "not an image at all".getBytes());
        fails(1, "no image reader accepts", "extract", "--dataset", "folder", "--data", data.toString(), "--weights",
                "random:1", "--input-size", "32", "--features-dir", tmp.resolve("f").toString());
    }

    @Test
    void aVeryLongDatasetFolderNameGivesAShortEntryName() {
        String longName = "d".repeat(240);
        Path data = SyntheticImages.generate(tmp.resolve(longName), 2, 3, 2, 32, 5);
        Path features = tmp.resolve("f");
        CliRun r = CliRun.in(tmp.resolve("home"), "extract", "--dataset", "folder", "--data", data.toString(), "--weights", "random:1",
                "--input-size", "32", "--features-dir", features.toString());
        assertEquals(0, r.code(), r.toString());
        try (var list = Files.list(features)) {
            List<String> names = list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ddd") && !n.endsWith(".lock")).toList();
            assertEquals(1, names.size(), names.toString());
            assertTrue(names.get(0).length() < 120, names.get(0));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void plotFormatFollowsTheExtension() throws Exception {
        Blobs blobs = new Blobs(3, 6, 5);
        FeatureSet train = blobs.sample(60, 1);
        FeatureSet test = blobs.sample(30, 2);
        Path features = tmp.resolve("features");
        FeatureStore.write(features, TestManifests.of("blobs", train.dim(), 60, 30, train.classNames()), train, test);
        assertEquals(0, CliRun.in(tmp.resolve("home"), "fit", "--features-dir", features.toString(), "--head", "logreg").code());

        Path jpg = tmp.resolve("plots/acc.jpg");
        CliRun r = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features.toString(), "--plot", jpg.toString());
        assertEquals(0, r.code(), r.toString());
        for (Path p : List.of(jpg, tmp.resolve("plots/acc-confusion.jpg"))) {
            byte[] b = Files.readAllBytes(p);
            assertTrue((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8, p + " starts with the JPEG marker");
        }
        Path png = tmp.resolve("plots/acc.png");
        assertEquals(0, CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features.toString(), "--plot", png.toString()).code());
        assertEquals((byte) 0x89, Files.readAllBytes(png)[0]);
        fails(2, "expected a plot file ending in .png, .svg, .jpg or .jpeg", "compare", "--features-dir", features.toString(),
                "--plot", tmp.resolve("acc.gif").toString());
        assertFalse(Files.exists(tmp.resolve("acc.gif")));
    }

    @Test
    void predictAcceptsAFolderOfImages() {
        Path data = SyntheticImages.generate(tmp.resolve("imgs"), 2, 6, 3, 32, 5);
        String features = tmp.resolve("features").toString();
        assertEquals(0, CliRun.in(tmp.resolve("home"), "extract", "--dataset", "folder", "--data", data.toString(), "--weights", "random:2",
                "--input-size", "32", "--features-dir", features).code());
        CliRun fit = CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", features);
        Matcher m = Pattern.compile("runs/([^/\\s]+)\\.json").matcher(fit.out());
        assertTrue(m.find(), fit.toString());
        Path folder = data.resolve("test");
        Path classDir;
        try (var list = Files.list(folder)) {
            classDir = list.sorted().findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        CliRun predict = CliRun.in(tmp.resolve("home"), "predict", "--run", m.group(1), "--features-dir", features, "--top", "1", classDir.toString());
        assertEquals(0, predict.code(), predict.toString());
        assertEquals(3, predict.out().lines().filter(l -> !l.startsWith(" ")).count(), predict.out());
        fails(2, "expected image files", "predict", "--run", m.group(1), "--features-dir", features,
                data.resolve("test").toString());
    }

    @Test
    void sanitizeRemovesJavaAndJacksonInternals() {
        assertEquals("Unexpected character ('}' (code 125)) (line 1, column 2)", Plain.sanitize(
                "Unexpected character ('}' (code 125))\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION`"
                        + " disabled); line: 1, column: 2]"));
        assertEquals("cannot read network x: invalid END header", Plain.sanitize(
                "cannot read network x: java.util.zip.ZipException: invalid END header"));
        assertEquals("bad: Unsupported Image Type", Plain.sanitize("bad: javax.imageio.IIOException: Unsupported Image Type"));
        assertEquals("bad manifest (a value of the wrong type (Array where String was expected))", Plain.sanitize(
                "bad manifest (Cannot deserialize value of type `java.lang.String` from Array value (token `JsonToken.START_ARRAY`))"));
        assertEquals("x: unknown field \"foo\"", Plain.sanitize("x: Unrecognized field \"foo\" (class dev.frozen.features.Manifest),"
                + " not marked as ignorable (3 known properties: \"a\", \"b\", \"c\"])"));
        assertEquals("an internal error (a missing value)",
                Plain.describe(new NullPointerException("Cannot invoke \"String.hashCode()\" because \"<local3>\" is null")));
        assertTrue(Plain.describe(new OutOfMemoryError("Java heap space")).contains("heap limit"));
        assertEquals("no space left on the device",
                Plain.describe(new java.nio.file.FileSystemException("/x", null, "No space left on device")));
        assertEquals("damaged compressed data (invalid END header)", Plain.describe(new java.util.zip.ZipException("invalid END header")));
        assertEquals("data that is not gzip-compressed", Plain.describe(new java.util.zip.ZipException("Not in GZIP format")));
    }
}
