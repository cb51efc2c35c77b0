package dev.frozen.experiments.report;

import dev.frozen.AtomicFiles;
import dev.frozen.DataError;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.Consumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes a drawing to a PNG, JPEG or SVG file, chosen by the file's extension, atomically (a reader never sees a
 * half-written image). Raster images are drawn at twice their nominal size, so they stay sharp on high-density
 * screens and when a page scales them down; SVG is vector (JFreeSVG) and opens in any browser.
 */
final class ChartFiles {
    private ChartFiles() {}

    /** Raster images get this many pixels per drawing unit. */
    static final int SCALE = 2;

    /** Draws {@code width} x {@code height} units with {@code draw} into {@code file}, in its extension's format. */
    static void write(Path file, int width, int height, Consumer<Graphics2D> draw) {
        ComparePlots.Format format = ComparePlots.Format.of(file);
        try {
            if (format == ComparePlots.Format.SVG) {
                SVGGraphics2D g = new SVGGraphics2D(width, height);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                draw.accept(g);
                AtomicFiles.writeString(file, g.getSVGDocument());
                return;
            }
            System.setProperty("java.awt.headless", "true");
            BufferedImage img = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.scale(SCALE, SCALE);
            draw.accept(g);
            g.dispose();
            AtomicFiles.write(file, out -> {
                if (format == ComparePlots.Format.PNG) {
                    ImageIO.write(img, "png", out);
                    return;
                }
                Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
                ImageWriter writer = writers.next();
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.92f);
                try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(null, new IIOImage(img, null, null), param);
                } finally {
                    writer.dispose();
                }
            });
        } catch (IOException e) {
            throw new DataError("cannot write plot " + file + ": " + dev.frozen.Plain.describe(e), e);
        }
    }
}
