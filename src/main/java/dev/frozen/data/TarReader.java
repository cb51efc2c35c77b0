package dev.frozen.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A minimal reader for ustar/GNU tar streams: extracts regular files and directories below a destination
 * folder and skips everything else (links, devices, pax headers). Names may start with {@code ./} (as
 * {@code tar -C dir .} writes them); absolute names and any {@code ..} part are refused, and header checksums are
 * verified so a corrupt archive fails loudly.
 */
final class TarReader {
    private static final int BLOCK = 512;

    private TarReader() {}

    /** Extracts {@code in} below {@code dest}; returns the number of regular files written. */
    static int extract(InputStream in, Path dest) throws IOException {
        Path root = dest.toAbsolutePath().normalize();
        byte[] header = new byte[BLOCK];
        byte[] buffer = new byte[1 << 16];
        String longName = null;
        long offset = 0;
        int files = 0;
        while (true) {
            int got = in.readNBytes(header, 0, BLOCK);
            if (got == 0) {
                return files; // archives without the two trailing zero blocks still end cleanly here
            }
            if (got < BLOCK) {
                throw new EOFException("archive truncated inside the header at byte " + offset);
            }
            if (allZero(header)) {
                return files;
            }
            checkChecksum(header, offset);
            offset += BLOCK;
            long size = number(header, 124, 12);
            char type = (char) header[156];
            String name = longName != null ? longName : name(header);
            longName = null;
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            if (type == 'L') {
                // GNU long name: the next entry's real name is this entry's content.
                byte[] data = in.readNBytes((int) size);
                if (data.length < size) {
                    throw new EOFException("archive truncated inside a long name at byte " + offset);
                }
                skip(in, padded - size, offset);
                longName = cString(data, 0, data.length);
            } else if (type == '0' || type == '\0' || type == '7') {
                Path target = safe(root, name);
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    long left = size;
                    while (left > 0) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            throw new EOFException("archive truncated inside " + name + " at byte " + (offset + size - left));
                        }
                        out.write(buffer, 0, n);
                        left -= n;
                    }
                }
                skip(in, padded - size, offset);
                files++;
            } else if (type == '5') {
                if (!isRoot(name)) {
                    Files.createDirectories(safe(root, name));
                }
                skip(in, padded, offset);
            } else {
                skip(in, padded, offset);
            }
            offset += padded;
        }
    }

    /** True for the names {@code tar -C dir .} gives the folder itself: ".", "./", "./.". */
    private static boolean isRoot(String name) {
        for (String part : name.split("/", -1)) {
            if (!part.isEmpty() && !part.equals(".")) {
                return false;
            }
        }
        return !name.startsWith("/");
    }

    /**
     * Resolves a name below root, refusing absolute names and {@code ..} parts outright (even ones that would
     * normalize back inside) and names that denote the folder itself.
     */
    private static Path safe(Path root, String name) throws IOException {
        boolean parent = false;
        for (String part : name.split("/", -1)) {
            parent |= part.equals("..");
        }
        Path target = root.resolve(name).normalize();
        if (name.startsWith("/") || parent || !target.startsWith(root) || target.equals(root)) {
            throw new IOException("refusing archive entry '" + name + "': it points outside the extraction folder");
        }
        return target;
    }

    private static void skip(InputStream in, long n, long offset) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("archive truncated at byte " + (offset + n - left));
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** Octal (space/NUL padded) or, for large values, GNU base-256 with the top bit of the first byte set. */
    private static long number(byte[] b, int off, int len) throws IOException {
        if ((b[off] & 0x80) != 0) {
            long v = b[off] & 0x7F;
            for (int i = off + 1; i < off + len; i++) {
                v = (v << 8) | (b[i] & 0xFF);
            }
            return v;
        }
        long v = 0;
        for (int i = off; i < off + len; i++) {
            int c = b[i];
            if (c == 0 || c == ' ') {
                if (v != 0) {
                    break; // trailing terminator
                }
                continue; // leading padding
            }
            if (c < '0' || c > '7') {
                throw new IOException("expected an octal number in the tar header, found byte " + c);
            }
            v = v * 8 + (c - '0');
        }
        return v;
    }

    private static void checkChecksum(byte[] h, long offset) throws IOException {
        long stored = number(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xFF);
        }
        if (sum != stored) {
            throw new IOException("expected a tar header at byte " + offset + " with checksum " + stored
                    + ", found checksum " + sum + " (not a tar archive, or corrupt)");
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
