package dev.frozen.data;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.frozen.DataError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Content hashes of files, memoized in a small JSON file ({@code fingerprints.json} in the {@link dev.frozen.FrozenHome}) keyed by
 * the absolute path, size, modification time, change time (ctime) and inode of every file involved. A memoized
 * value is trusted only while all of those are unchanged: any rewrite of a file changes its ctime, even one that
 * restores size and mtime (e.g. {@code touch -d}), and ctime cannot be set back by ordinary tools. The store is a
 * cache, so a missing or unreadable store only costs a recomputation; {@link #rehashing()} ignores it entirely.
 */
public final class ContentHashes {
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {};

    private final Path store;
    private final boolean trustMemo;

    /** Memoizes into {@code store}, which need not exist yet. */
    public ContentHashes(Path store) {
        this(store, true);
    }

    private ContentHashes(Path store, boolean trustMemo) {
        this.store = store;
        this.trustMemo = trustMemo;
    }

    /** The same store, but every value is recomputed from content (and stored afresh): {@code --rehash}. */
    public ContentHashes rehashing() {
        return new ContentHashes(store, false);
    }

    /** The store {@code home/fingerprints.json} of a {@link dev.frozen.FrozenHome}'s folder. */
    public static ContentHashes in(Path home) {
        return new ContentHashes(home.resolve("fingerprints.json"));
    }

    /** Hex SHA-256 of the file's bytes, memoized. */
    public String sha256(Path file) {
        return memoize("sha256", List.of(file), () -> hashFile(file, "SHA-256"));
    }

    /** Hex MD5 of the file's bytes, memoized. */
    public String md5(Path file) {
        return memoize("md5", List.of(file), () -> hashFile(file, "MD5"));
    }

    /**
     * Returns the value memoized for {@code kind} over exactly these files (same order, paths, sizes and
     * mtimes), or runs {@code compute} and stores its result. {@code kind} must change whenever the meaning of
     * the computed value changes.
     */
    public String memoize(String kind, List<Path> files, Supplier<String> compute) {
        // Re-stamped after computing: if a file changed while it was hashed, the stat differs and the entry is
        // stored under a key that the changed file no longer matches, so it is never served wrongly.
        return memoizeStamps(kind, stamps(files), () -> stamps(files), compute);
    }

    /** Records an already known hash (e.g. a download verified before its final rename). */
    public void remember(String kind, List<Path> files, String value) {
        put(key(kind, files), value);
    }

    /** Hex digest of a file, not memoized. */
    public static String hashFile(Path file, String algorithm) {
        MessageDigest digest = digest(algorithm);
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new DataError("expected a readable file at " + file + ", found " + dev.frozen.IoErrors.describe(e));
        }
        return hex(digest.digest());
    }

    public static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String key(String kind, List<Path> files) {
        return keyOfStamps(kind, stamps(files));
    }

    private static List<String> stamps(List<Path> files) {
        List<String> stamps = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                stamps.add(stamp(file));
            } catch (IOException e) {
                throw new DataError("expected a readable file at " + file.toAbsolutePath().normalize() + ", found "
                        + dev.frozen.IoErrors.describe(e));
            }
        }
        return stamps;
    }

    private static String keyOfStamps(String kind, List<String> stamps) {
        // The listing can be tens of thousands of files (image folders), so the key is its hash.
        MessageDigest listing = digest("SHA-256");
        for (String line : stamps) {
            listing.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return kind + ":" + hex(listing.digest());
    }

    /** A local file's stamp for {@link #memoizeStamps}: absolute path, size, mtime and, where known, ctime and inode. */
    public static String stamp(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        BasicFileAttributes attrs = Files.readAttributes(abs, BasicFileAttributes.class);
        return abs + "\t" + attrs.size() + "\t" + attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "\t" + changeStamp(abs);
    }

    /**
     * As {@link #memoize} with the files described by their stamps ({@link DataFiles#stamp}): one line per file
     * that changes whenever its content may have, so files on any file system can be memoized.
     */
    public String memoizeStamps(String kind, List<String> stamps, Supplier<List<String>> restamp, Supplier<String> compute) {
        String key = keyOfStamps(kind, stamps);
        String known = trustMemo ? load().get(key) : null;
        if (known != null) {
            return known;
        }
        String value = compute.get();
        if (key.equals(keyOfStamps(kind, restamp.get()))) {
            put(key, value);
        }
        return value;
    }

    /** ctime and inode where the file system has them (Linux, macOS); elsewhere only size and mtime count. */
    private static String changeStamp(Path file) {
        try {
            Map<String, Object> unix = Files.readAttributes(file, "unix:ctime,ino");
            Object ctime = unix.get("ctime");
            String c = ctime instanceof java.nio.file.attribute.FileTime t ? Long.toString(t.to(TimeUnit.NANOSECONDS)) : "?";
            return c + "\t" + unix.get("ino");
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return "-";
        }
    }

    private synchronized Map<String, String> load() {
        if (!Files.isRegularFile(store)) {
            return new TreeMap<>();
        }
        try {
            return dev.frozen.Json.MAPPER.readValue(store.toFile(), MAP);
        } catch (IOException e) {
            // A damaged cache is not an error: start afresh; the next put rewrites it.
            return new TreeMap<>();
        }
    }

    private synchronized void put(String key, String value) {
        // Read-modify-write so entries of other runs survive; another process racing us can at worst drop an
        // entry, which only costs a recomputation later.
        Map<String, String> all = load();
        all.put(key, value);
        try {
            byte[] bytes = dev.frozen.Json.MAPPER.writeValueAsBytes(all);
            dev.frozen.AtomicFiles.write(store, out -> out.write(bytes));
        } catch (IOException | UncheckedIOException e) {
            // Memoization is an optimisation; a read-only cache folder must not fail the run.
        }
    }

}
