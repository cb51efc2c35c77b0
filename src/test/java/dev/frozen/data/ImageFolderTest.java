package dev.frozen.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.DataError;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir
    Path tmp;

    private ContentHashes hashes() {
        return ContentHashes.in(tmp.resolve("home"));
    }

    private static Path write(BufferedImage image, String format, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(image, format, file.toFile()), "no writer for " + format);
        return file;
    }

    private static BufferedImage rgb(int w, int h, int r, int g, int b) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    /** train/{cat,dog} and test/{cat,dog}, one RGB PNG each, pixel colour encodes (split, class, index). */
    private Path basicFolder(String name) throws IOException {
        Path root = tmp.resolve(name);
        write(rgb(2, 2, 1, 0, 0), "png", root.resolve("train/dog/b.png"));
        write(rgb(2, 2, 2, 0, 0), "png", root.resolve("train/dog/a.png"));
        write(rgb(2, 2, 3, 0, 0), "png", root.resolve("train/cat/z.png"));
        write(rgb(2, 2, 4, 0, 0), "png", root.resolve("test/cat/c.png"));
        write(rgb(2, 2, 5, 0, 0), "png", root.resolve("test/dog/d.png"));
        return root;
    }

    @Test
    void ordersClassesAndFilesByName() throws IOException {
        Path root = basicFolder("Pets 2024!");
        ImageFolder folder = ImageFolder.open(root, System.err, hashes());
        assertEquals(List.of("cat", "dog"), folder.classNames());
        assertEquals(3, folder.size(Split.TRAIN));
        assertEquals(2, folder.size(Split.TEST));
        List<LabeledImage> train = folder.read(Split.TRAIN, 0, 3);
        assertEquals(List.of(3, 2, 1), train.stream().map(r -> r.image().at(0, 0, 0)).toList());
        assertEquals(List.of(0, 1, 1), train.stream().map(LabeledImage::label).toList());
        assertTrue(train.get(1).source().endsWith("a.png"));
        assertEquals(5, folder.read(Split.TEST, 1, 1).get(0).image().at(1, 1, 0));
        assertEquals("pets_2024_", folder.displayName());
        assertEquals("folder", folder.kind());
    }

    @Test
    void convertsGrayAlphaPaletteSixteenBitAndOddSizesToRgb() throws IOException {
        Path root = tmp.resolve("mixed");
        BufferedImage gray = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 128, 255});
        write(gray, "png", root.resolve("train/a/1-gray.png"));

        BufferedImage gray16 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(0, 0, 0, 0x8040);
        write(gray16, "png", root.resolve("train/a/2-gray16.png"));

        BufferedImage rgba = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, (7 << 24) | (10 << 16) | (20 << 8) | 30);
        write(rgba, "png", root.resolve("train/a/3-rgba.png"));

        IndexColorModel palette = new IndexColorModel(2, 2, new byte[] {(byte) 200, 0}, new byte[] {100, 0}, new byte[] {50, (byte) 255});
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        indexed.getRaster().setSample(1, 0, 0, 1);
        write(indexed, "png", root.resolve("train/a/4-palette.png"));

        write(rgb(5, 7, 90, 80, 70), "bmp", root.resolve("train/a/5-odd.bmp"));
        write(rgb(3, 3, 200, 10, 10), "gif", root.resolve("train/a/6-small.gif"));
        write(rgb(9, 5, 128, 128, 128), "jpg", root.resolve("test/a/7-photo.JPG"));
        write(rgb(1, 1, 1, 2, 3), "png", root.resolve("train/b/8.png")); // a second class: one class is refused
        write(rgb(1, 1, 1, 2, 3), "png", root.resolve("test/b/9.png"));

        ImageFolder folder = ImageFolder.open(root, System.err, hashes());
        List<LabeledImage> rows = folder.read(Split.TRAIN, 0, 6);

        RgbImage g = rows.get(0).image();
        assertArrayEquals(new byte[] {0, 0, 0, (byte) 128, (byte) 128, (byte) 128, (byte) 255, (byte) 255, (byte) 255}, g.pixels(),
                "gray values are replicated, not gamma-converted");
        assertArrayEquals(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80}, rows.get(1).image().pixels());
        assertArrayEquals(new byte[] {10, 20, 30}, rows.get(2).image().pixels(), "alpha is dropped, colour kept");
        assertArrayEquals(new byte[] {(byte) 200, 100, 50, 0, 0, (byte) 255}, rows.get(3).image().pixels());
        RgbImage odd = rows.get(4).image();
        assertEquals(5, odd.width());
        assertEquals(7, odd.height());
        assertEquals(70, odd.at(6, 4, 2));
        assertEquals(3, rows.get(5).image().width());
        RgbImage jpeg = folder.read(Split.TEST, 0, 1).get(0).image();
        assertEquals(9, jpeg.width());
        assertEquals(5, jpeg.height());
        assertTrue(Math.abs(jpeg.at(2, 4, 1) - 128) <= 3, "JPEG is lossy but close: " + jpeg.at(2, 4, 1));
    }

    @Test
    void skipsNonImagesWithOneWarningLine() throws IOException {
        Path root = basicFolder("skip");
        Files.writeString(root.resolve("train/cat/notes.txt"), "x");
        Files.writeString(root.resolve("test/dog/.DS_Store"), "x");
        Files.writeString(root.resolve("train/README"), "x");
        write(rgb(1, 1, 0, 0, 0), "png", root.resolve("train/.ipynb_checkpoints/x.png"));
        Fixtures.PrintStreamCapture log = Fixtures.capture();
        ImageFolder folder = ImageFolder.open(root, log.out, hashes());
        assertEquals(3, folder.size(Split.TRAIN));
        assertEquals(List.of("cat", "dog"), folder.classNames(), "a hidden folder is not a class");
        String text = log.text();
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.contains("skipped 4 non-image entries"), text);
    }

    @Test
    void noWarningWhenNothingIsSkipped() throws IOException {
        Fixtures.PrintStreamCapture log = Fixtures.capture();
        ImageFolder.open(basicFolder("clean"), log.out, hashes());
        assertEquals("", log.text());
    }

    @Test
    void anUndecodableImageIsADataErrorNamingIt() throws IOException {
        Path root = basicFolder("broken");
        Path bad = Files.writeString(root.resolve("train/cat/zz-broken.png"), "this is not a png");
        ImageFolder folder = ImageFolder.open(root, System.err, hashes());
        DataError e = assertThrows(DataError.class, () -> folder.read(Split.TRAIN, 0, 2));
        assertTrue(e.getMessage().contains(bad.toAbsolutePath().normalize().toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void anEmptyClassFolderIsADataError() throws IOException {
        Path root = basicFolder("empty");
        Files.delete(root.resolve("test/dog/d.png"));
        Files.writeString(root.resolve("test/dog/readme.txt"), "x");
        DataError e = assertThrows(DataError.class, () -> ImageFolder.open(root, System.err, hashes()));
        assertTrue(e.getMessage().contains("test/dog") || e.getMessage().contains("test\\dog"), e.getMessage());
    }

    @Test
    void differingClassSetsAreADataErrorNamingThem() throws IOException {
        Path root = basicFolder("mismatch");
        write(rgb(1, 1, 0, 0, 0), "png", root.resolve("train/bird/x.png"));
        write(rgb(1, 1, 0, 0, 0), "png", root.resolve("test/emu/x.png"));
        DataError e = assertThrows(DataError.class, () -> ImageFolder.open(root, System.err, hashes()));
        assertTrue(e.getMessage().contains("only in train: [bird]"), e.getMessage());
        assertTrue(e.getMessage().contains("only in test: [emu]"), e.getMessage());
    }

    @Test
    void missingSplitOrFolderIsADataError() throws IOException {
        Path root = basicFolder("nosplit");
        write(rgb(1, 1, 0, 0, 0), "png", root.resolve("other/cat/x.png"));
        Path onlyTrain = tmp.resolve("onlytrain");
        write(rgb(1, 1, 0, 0, 0), "png", onlyTrain.resolve("train/cat/x.png"));
        DataError e = assertThrows(DataError.class, () -> ImageFolder.open(onlyTrain, System.err, hashes()));
        assertTrue(e.getMessage().contains("test/"), e.getMessage());
        assertThrows(DataError.class, () -> ImageFolder.open(tmp.resolve("absent"), System.err, hashes()));
    }

    @Test
    void fingerprintCoversPathsAndContentAndIsMemoized() throws IOException {
        String a = ImageFolder.open(basicFolder("one"), System.err, hashes()).fingerprint();
        String b = ImageFolder.open(basicFolder("two"), System.err, hashes()).fingerprint();
        assertEquals(a, b, "same relative paths and bytes in another folder");
        assertEquals(64, a.length());

        Path three = basicFolder("three");
        Files.move(three.resolve("train/dog/b.png"), three.resolve("train/dog/c.png"));
        assertNotEquals(a, ImageFolder.open(three, System.err, hashes()).fingerprint(), "a renamed file changes it");

        Path four = basicFolder("four");
        write(rgb(2, 2, 9, 9, 9), "png", four.resolve("test/dog/d.png"));
        String changed = ImageFolder.open(four, System.err, hashes()).fingerprint();
        assertNotEquals(a, changed, "changed content changes it");
        assertEquals(changed, ImageFolder.open(four, System.err, hashes()).fingerprint());
        assertTrue(Files.size(tmp.resolve("home/fingerprints.json")) > 0);
    }

    @Test
    void aSingleClassFolderIsRefusedAtOpen() throws IOException {
        Path root = tmp.resolve("one");
        write(rgb(2, 2, 1, 0, 0), "png", root.resolve("train/cat/a.png"));
        write(rgb(2, 2, 1, 0, 0), "png", root.resolve("test/cat/b.png"));
        DataError e = assertThrows(DataError.class, () -> ImageFolder.open(root, System.err, hashes()));
        assertTrue(e.getMessage().contains("expected at least 2 class folders") && e.getMessage().contains("'cat'"), e.getMessage());
    }
}
