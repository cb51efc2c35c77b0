package dev.frozen.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** Test data builders: tiny CIFAR-10 batch folders and real ustar .tar.gz archives. */
public final class Fixtures {
    private Fixtures() {}

    /**
     * Label of record r in batch file f (0..4 train, 5 test). A test label is always the label of record 0 of some
     * train file, so every test class has training records (CIFAR-10 refuses data where one does not).
     */
    static int label(int f, int r) {
        return f == 5 ? label(r % 5, 0) : (f * 7 + r) % 10;
    }

    /** Planar byte of channel c at pixel p of record r in file f. */
    static int pixel(int f, int r, int c, int p) {
        return (c * 50 + p + 3 * r + 11 * f) & 0xFF;
    }

    /** Writes {@code dir/cifar-10-batches-bin/} with {@code records} records per batch file; returns that folder. */
    public static Path cifarFolder(Path dir, int records) throws IOException {
        Path batches = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        List<String> names = new ArrayList<>(CifarBinary.TRAIN_FILES);
        names.addAll(CifarBinary.TEST_FILES);
        for (int f = 0; f < names.size(); f++) {
            byte[] bytes = new byte[records * CifarBinary.RECORD];
            for (int r = 0; r < records; r++) {
                int base = r * CifarBinary.RECORD;
                bytes[base] = (byte) label(f, r);
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < CifarBinary.PLANE; p++) {
                        bytes[base + 1 + c * CifarBinary.PLANE + p] = (byte) pixel(f, r, c, p);
                    }
                }
            }
            Files.write(batches.resolve(names.get(f)), bytes);
        }
        return batches;
    }

    /** Writes a gzip-compressed ustar archive of {@code folder}, with entry names starting at its own name. */
    public static Path tarGz(Path folder, Path out) throws IOException {
        return tarGz(folder, folder.getParent(), "", out);
    }

    /** Writes what {@code tar -czf out -C dir .} writes: "./" and then names starting with "./". */
    static Path tarGzDotSlash(Path dir, Path out) throws IOException {
        return tarGz(dir, dir, "./", out);
    }

    private static Path tarGz(Path folder, Path base, String prefix, Path out) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(folder)) {
            entries = walk.sorted().toList();
        }
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(out))) {
            for (Path p : entries) {
                String relative = base.relativize(p).toString().replace('\\', '/');
                String name = relative.isEmpty() ? "." : prefix + relative;
                if (Files.isDirectory(p)) {
                    gz.write(header(name + "/", 0, '5'));
                } else {
                    byte[] content = Files.readAllBytes(p);
                    gz.write(header(name, content.length, '0'));
                    gz.write(content);
                    gz.write(new byte[(512 - content.length % 512) % 512]);
                }
            }
            gz.write(new byte[1024]);
        }
        return out;
    }

    static byte[] header(String name, long size, char type) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0001750");
        put(h, 116, "0001750");
        put(h, 124, String.format("%011o", size));
        put(h, 136, String.format("%011o", 1_700_000_000L));
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    static PrintStreamCapture capture() {
        return new PrintStreamCapture();
    }

    /** A PrintStream whose text can be read back. */
    static final class PrintStreamCapture {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
