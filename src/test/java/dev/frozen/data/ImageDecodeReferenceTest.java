package dev.frozen.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decodes every fixture in src/test/resources/decode (written by Pillow, libjpeg and a hand-rolled PNG writer; see
 * src/test/python/make_decode_fixtures.py) and compares with the RGB pixels the reference decoder gave. Lossless
 * formats must match exactly; JPEG within 2 levels (IDCT and upsampling rounding differ between libjpeg builds).
 */
class ImageDecodeReferenceTest {
    @TempDir
    Path tmp;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ImageDecodeReferenceTest.class.getResourceAsStream("/decode/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /decode/" + name);
            }
            return in.readAllBytes();
        }
    }

    @TestFactory
    Stream<DynamicTest> matchesTheReferenceDecoder() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : new String(resource("index.txt"), StandardCharsets.UTF_8).lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.strip().split("\\s+");
            String name = f[0];
            int w = Integer.parseInt(f[1]);
            int h = Integer.parseInt(f[2]);
            tests.add(DynamicTest.dynamicTest(name + " (" + f[3] + ")", () -> {
                Path file = tmp.resolve(name);
                Files.write(file, resource(name));
                byte[] expected = resource(name + ".rgb");
                RgbImage got = ImageFolder.decode(file);
                assertEquals(w, got.width(), "width");
                assertEquals(h, got.height(), "height");
                int tolerance = name.endsWith(".jpg") ? 2 : 0;
                int worst = 0;
                int at = -1;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < 3; c++) {
                            int d = Math.abs(got.at(y, x, c) - (expected[(y * w + x) * 3 + c] & 0xFF));
                            if (d > worst) {
                                worst = d;
                                at = (y * w + x) * 3 + c;
                            }
                        }
                    }
                }
                assertTrue(worst <= tolerance, name + ": largest difference " + worst + " at byte " + at
                        + " (expected " + (at < 0 ? 0 : expected[at] & 0xFF) + "), tolerance " + tolerance);
            }));
        }
        assertTrue(tests.size() >= 20, "fixture index lists " + tests.size() + " images");
        return tests.stream();
    }

    /** Pillow refuses every one of these truncations (checked by hand); ImageIO alone fills a cut JPEG with gray. */
    @org.junit.jupiter.api.Test
    void truncatedFilesAreRefusedNotFilledWithGray() throws IOException {
        for (String name : List.of("rgb_420.jpg", "rgb_progressive.jpg", "cmyk_adobe.jpg", "rgb8.png", "palette.gif", "rgb24.bmp")) {
            byte[] whole = resource(name);
            for (int keep : new int[] {whole.length / 3, whole.length * 2 / 3}) {
                Path cut = tmp.resolve("cut-" + keep + "-" + name);
                Files.write(cut, java.util.Arrays.copyOf(whole, keep));
                dev.frozen.DataError e = org.junit.jupiter.api.Assertions.assertThrows(dev.frozen.DataError.class,
                        () -> ImageFolder.decode(cut), cut.toString());
                assertTrue(e.getMessage().contains(cut.toString()) && !e.getMessage().contains("Exception"), e.getMessage());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void arithmeticAndLosslessJpegsAreRefusedByName() throws IOException {
        byte[] jpeg = resource("rgb_444.jpg");
        int sof = -1;
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                sof = i + 1;
                break;
            }
        }
        assertTrue(sof > 0, "baseline SOF0 marker");
        for (int[] kind : new int[][] {{0xC9, 0}, {0xC3, 1}}) {
            byte[] patched = jpeg.clone();
            patched[sof] = (byte) kind[0];
            Path file = tmp.resolve("sof" + Integer.toHexString(kind[0]) + ".jpg");
            Files.write(file, patched);
            dev.frozen.DataError e = org.junit.jupiter.api.Assertions.assertThrows(dev.frozen.DataError.class,
                    () -> ImageFolder.decode(file));
            assertTrue(e.getMessage().contains(kind[1] == 0 ? "an arithmetic-coded JPEG" : "a lossless JPEG"), e.getMessage());
        }
        byte[] twelve = jpeg.clone();
        twelve[sof + 3] = 12; // the frame header's sample precision, after the marker and the 2-byte length
        Path file = tmp.resolve("twelve.jpg");
        Files.write(file, twelve);
        dev.frozen.DataError e = org.junit.jupiter.api.Assertions.assertThrows(dev.frozen.DataError.class, () -> ImageFolder.decode(file));
        assertTrue(e.getMessage().contains("a 12-bit JPEG"), e.getMessage());
    }
}
