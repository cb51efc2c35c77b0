package dev.frozen.data;

import dev.frozen.DataError;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes a small labelled PNG image folder ({@code train/<class>/*.png}, {@code test/<class>/*.png}) whose
 * classes differ in hue and stripe direction, so a head can learn them. For smoke runs and tests only.
 */
public final class SyntheticImages {
    private static final List<String> NAMES = List.of("red_rows", "green_cols", "blue_diag", "yellow_rows",
            "cyan_cols", "magenta_diag", "grey_rows", "orange_cols", "purple_diag", "teal_rows");

    private SyntheticImages() {}

    /** Creates the folder (deterministic for a seed); returns {@code dir}. */
    public static Path generate(Path dir, int classes, int trainPerClass, int testPerClass, int size, long seed) {
        if (classes < 2 || classes > NAMES.size()) {
            throw new IllegalArgumentException("classes must be 2.." + NAMES.size());
        }
        Random random = new Random(seed);
        try {
            for (String split : List.of("train", "test")) {
                int perClass = split.equals("train") ? trainPerClass : testPerClass;
                for (int c = 0; c < classes; c++) {
                    Path classDir = Files.createDirectories(dir.resolve(split).resolve(NAMES.get(c)));
                    for (int i = 0; i < perClass; i++) {
                        ImageIO.write(image(c, size, random), "png", classDir.resolve(String.format("%04d.png", i)).toFile());
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new DataError("cannot write synthetic images under " + dir + ": " + e.getMessage(), e);
        }
    }

    private static BufferedImage image(int cls, int size, Random random) {
        int[][] palette = {{220, 40, 40}, {40, 200, 60}, {50, 70, 220}, {230, 220, 40}, {40, 210, 210},
            {210, 50, 200}, {128, 128, 128}, {250, 140, 20}, {120, 40, 160}, {20, 120, 120}};
        int[] base = palette[cls];
        int pattern = cls % 3;
        int period = 4 + random.nextInt(4);
        int phase = random.nextInt(period);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int t = switch (pattern) {
                    case 0 -> y;
                    case 1 -> x;
                    default -> x + y;
                };
                boolean stripe = ((t + phase) / (period / 2 + 1)) % 2 == 0;
                int r = clamp(base[0] * (stripe ? 1.0 : 0.45) + random.nextGaussian() * 12);
                int g = clamp(base[1] * (stripe ? 1.0 : 0.45) + random.nextGaussian() * 12);
                int b = clamp(base[2] * (stripe ? 1.0 : 0.45) + random.nextGaussian() * 12);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
