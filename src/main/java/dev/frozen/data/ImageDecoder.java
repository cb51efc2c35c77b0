package dev.frozen.data;

import dev.frozen.DataError;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG, JPEG, BMP and GIF files to 8-bit RGB exactly as Pillow's {@code Image.open(f).convert("RGB")} does
 * (JPEG within IDCT rounding), which is also what Keras's {@code load_img} gives. Rules: stored sample values are
 * used as they are (no ICC colour management, no EXIF rotation); alpha and transparency are dropped, not
 * composited; 16-bit samples keep their high byte; grayscale is replicated to R, G and B; palettes are looked up;
 * 4-channel JPEGs (CMYK, YCCK, with or without an Adobe marker) are read as Adobe-inverted CMYK and converted with
 * Pillow's formula. Anything else (12-bit JPEG, other colour models, a truncated file, which ImageIO would fill
 * with gray) is refused with a {@link DataError} naming it.
 */
public final class ImageDecoder {
    /** Pillow's decompression-bomb limit (2 x 89,478,485 pixels); a larger image is refused before decoding. */
    public static final long MAX_PIXELS = 2L * 89_478_485L;

    static {
        // Decoding from memory; ImageIO's disk cache would only add a temporary file per image.
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {}

    /** Decodes one file; every failure is a one-line DataError naming the file. */
    public static RgbImage decode(Path file) {
        return decode(() -> Files.readAllBytes(file), file.toString());
    }

    /** Decodes the file {@code name} of a dataset's files, wherever they are; failures name its full path or URI. */
    public static RgbImage decode(DataFiles files, String name) {
        return decode(() -> files.readAll(name), files.where(name));
    }

    private interface Bytes {
        byte[] read() throws IOException;
    }

    private static RgbImage decode(Bytes source, String where) {
        byte[] bytes;
        try {
            bytes = source.read();
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new DataError("expected an image file at " + where + ", found nothing there");
        } catch (IOException e) {
            throw new DataError("expected a readable image file at " + where + ", found " + dev.frozen.Plain.describe(e));
        } catch (OutOfMemoryError e) {
            throw new DataError("expected an image file that fits in memory at " + where + ", found one too large to read");
        }
        try {
            return decode(bytes, where);
        } catch (OutOfMemoryError e) {
            throw new DataError("expected an image that fits in the Java heap (" + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB) at " + where + ", found one too large to decode; raise -Xmx (FROZEN_JAVA_OPTS) or shrink the image");
        }
    }

    static RgbImage decode(byte[] bytes, String where) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw refuse(where, "a file no image reader accepts (not PNG, JPEG, BMP or GIF content)");
            }
            ImageReader reader = readers.next();
            java.util.List<String> warnings = new java.util.ArrayList<>();
            // libjpeg reports a truncated file as a warning and fills the rest with gray; Pillow refuses it, so do we.
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(String.valueOf(warning)));
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName().toUpperCase(java.util.Locale.ROOT);
                JpegHeader header = format.equals("JPEG") ? JpegHeader.scan(bytes) : null;
                if (header != null && header.process() != null) {
                    throw refuse(where, header.process() + " JPEG (only baseline and progressive Huffman JPEGs"
                            + " are supported; re-save it as an ordinary JPEG or PNG)");
                }
                if (header != null && header.precision() != 8) {
                    throw refuse(where, "a " + header.precision() + "-bit JPEG (only 8-bit JPEGs are supported, as in Pillow)");
                }
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w * h > MAX_PIXELS) {
                    throw refuse(where, "a " + format + " of " + w + "x" + h + " pixels, over the limit of " + MAX_PIXELS
                            + " pixels (a decompression bomb, or an image to shrink first)");
                }
                if (header != null) {
                    if (header.components() == 4) {
                        // ImageIO's raster is the stored data: CMYK as is, YCCK still in YCC, so convert as libjpeg would.
                        return requireComplete(cmykToRgb(reader.readRaster(0, null), header.adobeTransform() == 2), warnings, where);
                    }
                    if (header.components() != 1 && header.components() != 3) {
                        throw refuse(where, "a JPEG with " + header.components() + " colour components (expected 1, 3 or 4)");
                    }
                }
                return requireComplete(toRgb(reader.read(0), where), warnings, where);
            } finally {
                reader.dispose();
            }
        } catch (DataError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw refuse(where, "a damaged or unsupported image (" + plainReason(e) + ")");
        }
    }

    private static RgbImage requireComplete(RgbImage image, java.util.List<String> warnings, String where) {
        for (String w : warnings) {
            String lower = w.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("premature end") || lower.contains("truncat")) {
                throw refuse(where, "a truncated image (the file ends before its last pixels)");
            }
        }
        return image;
    }

    private static DataError refuse(String where, String found) {
        return new DataError("expected a decodable PNG/JPEG/BMP/GIF image at " + where + ", found " + found);
    }

    /** The decoder's message without Java class names, e.g. "Invalid scanline stride" becomes "inconsistent image layout". */
    private static String plainReason(Throwable e) {
        String msg = e.getMessage() == null ? "" : e.getMessage().strip();
        String lower = msg.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("scanline stride") || lower.contains("raster") || e instanceof IllegalArgumentException
                || e instanceof ArrayIndexOutOfBoundsException || e instanceof NegativeArraySizeException) {
            return "inconsistent image dimensions or layout";
        }
        if (lower.contains("unsupported image type") || lower.contains("unsupported color")) {
            return "an unsupported colour type";
        }
        if (e instanceof java.io.EOFException || lower.contains("eof") || lower.contains("premature end")
                || lower.contains("truncat")) {
            return "the file ends early";
        }
        if (msg.isEmpty()) {
            return "no details from the decoder";
        }
        return msg.lines().findFirst().orElse("").replaceAll("^[a-z]+(\\.[a-zA-Z0-9_$]+)+:\\s*", "");
    }

    /** Pillow's CMYK;I (Adobe inverted) decoding followed by its cmyk2rgb: r = nk - nk*c/255 with nk = 255 - k. */
    static RgbImage cmykToRgb(Raster raster, boolean ycck) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        if (raster.getNumBands() != 4) {
            throw new IllegalArgumentException("expected 4 bands, found " + raster.getNumBands());
        }
        byte[] px = new byte[w * h * 3];
        int[] row = new int[w * 4];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            if (ycck) {
                yccToInvertedCmy(row, w);
            }
            for (int x = 0; x < w; x++) {
                int nk = row[4 * x + 3]; // stored inverted: 255 - k
                int o = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    int ink = 255 - row[4 * x + c];
                    px[o + c] = (byte) clip(nk - mulDiv255(ink, nk));
                }
            }
        }
        return new RgbImage(w, h, px);
    }

    /** libjpeg's ycck_cmyk_convert in its own fixed point (16 fraction bits): stored C,M,Y = 255 - RGB(Y,Cb,Cr). */
    private static void yccToInvertedCmy(int[] row, int w) {
        final int half = 1 << 15;
        for (int x = 0; x < w; x++) {
            int y = row[4 * x];
            int cb = row[4 * x + 1] - 128;
            int cr = row[4 * x + 2] - 128;
            int r = y + ((91881 * cr + half) >> 16);
            int g = y + ((-22554 * cb - 46802 * cr + half) >> 16);
            int b = y + ((116130 * cb + half) >> 16);
            row[4 * x] = 255 - clip(r);
            row[4 * x + 1] = 255 - clip(g);
            row[4 * x + 2] = 255 - clip(b);
        }
    }

    private static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    private static int clip(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /**
     * Stored samples to 8-bit RGB. Palettes are sRGB by construction, so their getRGB is a lookup; component
     * (PNG, JPEG) and packed (BMP) images are read from the raster so that no ICC conversion or gamma curve is
     * applied, 16-bit samples keep their high byte and samples under 8 bits scale as Pillow's do.
     */
    static RgbImage toRgb(BufferedImage image, String where) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] px = new byte[w * h * 3];
        ColorModel cm = image.getColorModel();
        if (cm instanceof ComponentColorModel || cm instanceof java.awt.image.DirectColorModel) {
            // Packed (BMP 5-6-5, 32-bit) samples too: Pillow scales a 5-bit value v as v*255/31, truncating,
            // where getRGB would round.
            int colours = cm.getNumColorComponents();
            if (colours != 1 && colours != 3) {
                throw refuse(where, "an image with " + colours + " colour components (expected gray or RGB)");
            }
            Raster raster = image.getRaster();
            int[] bits = new int[colours];
            for (int b = 0; b < colours; b++) {
                bits[b] = cm.getComponentSize(b);
            }
            int[] row = new int[w];
            for (int b = 0; b < colours; b++) {
                for (int y = 0; y < h; y++) {
                    raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, b, row);
                    for (int x = 0; x < w; x++) {
                        int v = to8(row[x], bits[b]);
                        int o = (y * w + x) * 3;
                        if (colours == 1) {
                            px[o] = px[o + 1] = px[o + 2] = (byte) v;
                        } else {
                            px[o + b] = (byte) v;
                        }
                    }
                }
            }
        } else {
            int[] argb = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, argb, 0, w);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    px[o] = (byte) (argb[x] >>> 16);
                    px[o + 1] = (byte) (argb[x] >>> 8);
                    px[o + 2] = (byte) argb[x];
                }
            }
        }
        return new RgbImage(w, h, px);
    }

    private static int to8(int v, int bits) {
        if (bits == 8) {
            return v & 0xFF;
        }
        if (bits > 8) {
            return (v >>> (bits - 8)) & 0xFF;
        }
        return v * 255 / ((1 << bits) - 1);
    }

    /** SOF3/7/11/15 are lossless, SOF9-11/13-15 arithmetic-coded: ImageIO's libjpeg decodes neither. */
    private static String unsupportedProcess(int sof) {
        return switch (sof) {
            case 0xC3, 0xC7, 0xCB, 0xCF -> "a lossless";
            case 0xC9, 0xCA, 0xCD, 0xCE -> "an arithmetic-coded";
            default -> null;
        };
    }

    /** The facts about a JPEG that decide its decoding: sample precision and component count of its frame. */
    record JpegHeader(int precision, int components, int adobeTransform, String process) {
        static JpegHeader scan(byte[] b) {
            int transform = -1;
            int i = 2;
            while (i + 4 <= b.length) {
                if ((b[i] & 0xFF) != 0xFF) {
                    i++;
                    continue;
                }
                int marker = b[i + 1] & 0xFF;
                if (marker == 0xFF) {
                    i++; // fill byte
                    continue;
                }
                if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                    i += 2;
                    continue;
                }
                int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
                boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
                if (sof && i + 9 < b.length) {
                    return new JpegHeader(b[i + 4] & 0xFF, b[i + 9] & 0xFF, transform, unsupportedProcess(marker));
                }
                if (marker == 0xEE && length >= 12 && i + 15 < b.length && b[i + 4] == 'A' && b[i + 5] == 'd'
                        && b[i + 6] == 'o' && b[i + 7] == 'b' && b[i + 8] == 'e') {
                    transform = b[i + 15] & 0xFF;
                }
                if (marker == 0xDA || marker == 0xD9) {
                    break;
                }
                i += 2 + length;
            }
            return new JpegHeader(8, 3, transform, null); // no frame header found: let the reader report what is wrong
        }
    }
}
