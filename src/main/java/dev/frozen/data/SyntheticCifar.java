package dev.frozen.data;

import dev.frozen.DataError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a CIFAR-10-format binary folder of smooth random images (train rows spread over the five batch
 * files), so benchmarks run the real reader, resize and preprocessing without the real dataset.
 */
public final class SyntheticCifar {
    private SyntheticCifar() {}

    public static Path write(Path dir, int trainRows, int testRows, long seed) {
        Random random = new Random(seed);
        try {
            Files.createDirectories(dir);
            List<String> files = new ArrayList<>(CifarBinary.TRAIN_FILES);
            for (int f = 0; f < files.size(); f++) {
                int rows = trainRows / files.size() + (f < trainRows % files.size() ? 1 : 0);
                writeFile(dir.resolve(files.get(f)), rows, random);
            }
            writeFile(dir.resolve(CifarBinary.TEST_FILES.get(0)), testRows, random);
            return dir;
        } catch (IOException e) {
            throw new DataError("cannot write synthetic CIFAR-10 files under " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies {@code trainRows} training records (the first ones of each of the five batch files, spread evenly)
     * and the first {@code testRows} test records of a real CIFAR-10 binary folder (or archive) into {@code dir},
     * keeping their order: a smaller real dataset for benchmarks.
     */
    public static Path subset(Path source, Path dir, int trainRows, int testRows, dev.frozen.FrozenHome home) {
        CifarBinary cifar = CifarBinary.open(source, home);
        if (trainRows > cifar.size(Split.TRAIN) || testRows > cifar.size(Split.TEST)) {
            throw new DataError("expected at least " + trainRows + " train and " + testRows + " test records in "
                    + cifar.location() + ", found " + cifar.size(Split.TRAIN) + " and " + cifar.size(Split.TEST));
        }
        try {
            Files.createDirectories(dir);
            copyRecords(cifar.batchesDir(), CifarBinary.TRAIN_FILES, trainRows, dir);
            copyRecords(cifar.batchesDir(), CifarBinary.TEST_FILES, testRows, dir);
            return dir;
        } catch (IOException e) {
            throw new DataError("cannot copy CIFAR-10 records into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void copyRecords(Path from, List<String> files, int rows, Path to) throws IOException {
        for (int f = 0; f < files.size(); f++) {
            int want = rows / files.size() + (f < rows % files.size() ? 1 : 0);
            byte[] bytes = Files.readAllBytes(from.resolve(files.get(f)));
            if (want > bytes.length / CifarBinary.RECORD) {
                throw new DataError("expected at least " + want + " records in " + from.resolve(files.get(f)) + ", found "
                        + bytes.length / CifarBinary.RECORD);
            }
            Files.write(to.resolve(files.get(f)), java.util.Arrays.copyOf(bytes, want * CifarBinary.RECORD));
        }
    }

    private static void writeFile(Path file, int rows, Random random) throws IOException {
        byte[] record = new byte[CifarBinary.RECORD];
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            for (int r = 0; r < rows; r++) {
                int label = random.nextInt(10);
                record[0] = (byte) label;
                for (int c = 0; c < 3; c++) {
                    double phase = random.nextDouble() * Math.PI;
                    for (int p = 0; p < CifarBinary.PLANE; p++) {
                        int y = p / 32, x = p % 32;
                        double v = 128 + 90 * Math.sin((x + 2 * y) * (0.15 + 0.05 * label) + phase)
                                + random.nextGaussian() * 15;
                        record[1 + c * CifarBinary.PLANE + p] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                    }
                }
                out.write(record);
            }
        }
    }
}
