package dev.frozen.data;

import dev.frozen.DataError;
import dev.frozen.IoErrors;
import dev.frozen.FrozenHome;
import dev.frozen.Progress;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The CIFAR-10 binary version: train rows are {@code data_batch_1.bin} … {@code data_batch_5.bin} in file
 * order, test rows are {@code test_batch.bin}; each record is a label byte (0–9) and 3,072 pixel bytes as R, G
 * and B planes of 32x32. Immutable after {@link #open}; {@link #read} uses positional reads on its own channel,
 * so it is thread-safe and costs the same at any row.
 */
public final class CifarBinary extends FileDataset {
    public static final String OFFICIAL_TARBALL = "cifar-10-binary.tar.gz";
    public static final String OFFICIAL_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";
    public static final List<String> STANDARD_CLASSES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    static final String FOLDER = "cifar-10-batches-bin";
    static final List<String> TRAIN_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    static final List<String> TEST_FILES = List.of("test_batch.bin");
    static final int SIDE = 32;
    static final int PLANE = SIDE * SIDE;
    static final int RECORD = 1 + 3 * PLANE;

    private final Part train;
    private final Part test;
    private volatile String fingerprint;

    /** The batch files of one split and the first row of each, so a row maps to (file, record) by search. */
    private record Part(List<String> files, int[] firstRow, int rows) {}

    /** {@code files} is rooted at the folder holding the batch files. */
    private CifarBinary(DataFiles files, List<String> classes, Part train, Part test) {
        super("cifar10", files, classes);
        this.train = train;
        this.test = test;
    }

    /**
     * Opens a {@code cifar-10-batches-bin} folder, a folder containing one, or a {@code .tar.gz} of it (unpacked
     * once into {@code home/datasets/cifar10-<md5 prefix>/}). A local archive is judged by its content (batch files,
     * whole records, labels 0-9), never by the official download's MD5.
     */
    public static CifarBinary open(Path path, FrozenHome home) {
        return open(path, home.dir(), null);
    }

    /** As {@link #open(Path, FrozenHome)} with an explicit expected tarball MD5 (null: do not check). */
    static CifarBinary open(Path path, Path home, String tarballMd5) {
        return open(path, home, tarballMd5, ContentHashes.in(home));
    }

    /**
     * The same with the tarball's MD5 memoized in (or, for {@code --rehash}, recomputed through) {@code hashes}. A
     * non-null {@code tarballMd5} is enforced: it guards a download, whose bytes must be the official ones.
     */
    static CifarBinary open(Path path, Path home, String tarballMd5, ContentHashes hashes) {
        Path abs = path.toAbsolutePath().normalize();
        if (Files.isRegularFile(abs) && isTarGz(abs.getFileName().toString())) {
            return open(new LocalFiles(unpack(abs, home, hashes, tarballMd5)));
        }
        return open(new LocalFiles(abs));
    }

    /**
     * A one-line notice when a local file named like the official archive has other bytes (a re-tarred copy, say),
     * or null: such a file is still accepted when its content is a valid CIFAR-10 layout.
     */
    static String officialDigestNotice(Path path, ContentHashes hashes) {
        Path abs = path.toAbsolutePath().normalize();
        if (abs.getFileName() == null || !abs.getFileName().toString().equals(OFFICIAL_TARBALL) || !Files.isRegularFile(abs)) {
            return null;
        }
        String md5 = hashes.md5(abs);
        return md5.equalsIgnoreCase(OFFICIAL_MD5) ? null : "note: " + abs + " is not byte-identical to the official "
                + "CIFAR-10 archive (MD5 " + md5 + ", official " + OFFICIAL_MD5 + "); it is judged by its content instead";
    }

    /**
     * Opens a {@code cifar-10-batches-bin} folder, or a folder containing one, on any file system (archives only on
     * the local one: {@link #open(Path, FrozenHome)}).
     */
    public static CifarBinary open(DataFiles root) {
        DataFiles.Type type = root.type("");
        if (type == DataFiles.Type.NONE) {
            throw new DataError("expected a cifar-10-batches-bin folder or " + OFFICIAL_TARBALL + " at " + root.location()
                    + ", found nothing there");
        } else if (type != DataFiles.Type.FOLDER) {
            throw new DataError("expected a cifar-10-batches-bin folder, a folder containing it, or a .tar.gz of it at "
                    + root.location() + ", found a file that is none of these"
                    + (isTarGz(root.rootName()) ? " here (unpack the archive first)" : ""));
        }
        DataFiles dir = batchesFolder(root);
        Part train = part(dir, TRAIN_FILES);
        Part test = part(dir, TEST_FILES);
        return new CifarBinary(dir, readClassNames(dir), train, test);
    }

    @Override
    public String displayName() {
        return "cifar10";
    }

    @Override
    public int size(Split split) {
        return part(split).rows();
    }

    /** The local folder holding the batch files (the unpacked cache folder when opened from a tarball). */
    public Path batchesDir() {
        if (!(files instanceof LocalFiles local)) {
            throw new IllegalStateException("CIFAR-10 at " + files.location() + " is not on the local file system");
        }
        return local.root();
    }

    /**
     * SHA-256 over the bytes of the train batch files then the test batch file, computed from the content by every
     * process that asks (about 0.4 s for the full 176 MiB in a fresh JVM), never from a memo on disk: a rewrite of
     * labels or pixels always changes it, whatever happened to sizes and timestamps. Labels are validated while
     * hashing.
     */
    @Override
    public String fingerprint() {
        // Once per opened dataset (a pipeline asks once per entry); every new process hashes afresh.
        String known = fingerprint;
        if (known == null) {
            List<String> all = new ArrayList<>(train.files());
            all.addAll(test.files());
            known = hashAndCheckLabels(files, all, train.files().size(), classes);
            fingerprint = known;
        }
        return known;
    }

    @Override
    public List<LabeledImage> read(Split split, int from, int count) {
        Part part = part(split);
        if (from < 0 || count < 0 || from > part.rows() - count) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + from + "+" + count + ") of CIFAR-10 "
                    + split.fileStem() + " which has " + part.rows() + " rows");
        }
        List<LabeledImage> out = new ArrayList<>(count);
        int row = from;
        int end = from + count;
        while (row < end) {
            int f = fileOf(part, row);
            String file = part.files().get(f);
            int record = row - part.firstRow()[f];
            int fileEnd = f + 1 < part.files().size() ? part.firstRow()[f + 1] : part.rows();
            int n = Math.min(end, fileEnd) - row;
            readRecords(files, file, record, n, out);
            row += n;
        }
        return out;
    }

    private Part part(Split split) {
        return split == Split.TRAIN ? train : test;
    }

    private static int fileOf(Part part, int row) {
        int f = part.firstRow().length - 1;
        while (part.firstRow()[f] > row) {
            f--;
        }
        return f;
    }

    private static void readRecords(DataFiles files, String name, int firstRecord, int n, List<LabeledImage> out) {
        byte[] bytes = new byte[n * RECORD];
        String file = files.where(name);
        try {
            files.readFully(name, (long) firstRecord * RECORD, bytes);
        } catch (java.io.EOFException e) {
            throw new DataError("expected " + n + " records from record " + firstRecord + " in " + file
                    + ", found " + e.getMessage() + " (it changed since it was opened)");
        } catch (IOException e) {
            throw new DataError("expected a readable CIFAR-10 batch file at " + file + ", found " + IoErrors.describe(e));
        }
        for (int i = 0; i < n; i++) {
            int base = i * RECORD;
            int label = bytes[base] & 0xFF;
            if (label > 9) {
                throw badLabel(file, firstRecord + i, label);
            }
            byte[] hwc = new byte[3 * PLANE];
            // Planar R,G,B to interleaved HWC.
            for (int p = 0; p < PLANE; p++) {
                hwc[3 * p] = bytes[base + 1 + p];
                hwc[3 * p + 1] = bytes[base + 1 + PLANE + p];
                hwc[3 * p + 2] = bytes[base + 1 + 2 * PLANE + p];
            }
            out.add(new LabeledImage(new RgbImage(SIDE, SIDE, hwc), label, file + "#" + (firstRecord + i)));
        }
    }

    private static DataError badLabel(String file, long record, int label) {
        return new DataError("expected a label 0-9 in " + file + " record " + record + ", found " + label);
    }

    /**
     * SHA-256 of the files' bytes; in the same pass, every label must be 0-9, the train files (the first
     * {@code trainFiles}) must hold at least 2 classes, and every test label must occur in train, as every head
     * needs (see ClassCheck): refused here, before any extraction, rather than after it.
     */
    private static String hashAndCheckLabels(DataFiles dir, List<String> files, int trainFiles, List<String> classes) {
        MessageDigest sha = ContentHashes.digest("SHA-256");
        byte[] buffer = new byte[RECORD * 256];
        long[][] counts = new long[2][10];
        for (int f = 0; f < files.size(); f++) {
            String file = dir.where(files.get(f));
            long[] split = counts[f < trainFiles ? 0 : 1];
            try (InputStream in = dir.open(files.get(f))) {
                long offset = 0;
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                    // The first label at or after this chunk's start.
                    long first = (offset + RECORD - 1) / RECORD * RECORD;
                    for (long at = first; at < offset + n; at += RECORD) {
                        int label = buffer[(int) (at - offset)] & 0xFF;
                        if (label > 9) {
                            throw badLabel(file, at / RECORD, label);
                        }
                        split[label]++;
                    }
                    offset += n;
                }
            } catch (IOException e) {
                throw new DataError("expected a readable CIFAR-10 batch file at " + file + ", found " + IoErrors.describe(e));
            }
        }
        List<String> inTrain = new ArrayList<>();
        List<String> unseen = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            if (counts[0][c] > 0) {
                inTrain.add(classes.get(c));
            } else if (counts[1][c] > 0) {
                unseen.add(classes.get(c) + " (" + counts[1][c] + " test records)");
            }
        }
        if (inTrain.size() < 2) {
            throw new DataError("expected training records of at least 2 classes in " + dir.location() + ", found "
                    + (inTrain.isEmpty() ? "none" : "only " + inTrain.get(0)) + "; a classifier needs two or more classes");
        }
        if (!unseen.isEmpty()) {
            throw new DataError("expected every test class to have training records in " + dir.location() + ", found "
                    + String.join(", ", unseen) + " with none in the data_batch files");
        }
        return ContentHashes.hex(sha.digest());
    }

    private static Part part(DataFiles dir, List<String> names) {
        int[] first = new int[names.size()];
        long rows = 0;
        for (int i = 0; i < names.size(); i++) {
            long size;
            try {
                size = dir.size(names.get(i));
            } catch (IOException e) {
                throw new DataError("expected CIFAR-10 batch file " + names.get(i) + " in " + dir.location()
                        + ", found it unreadable: " + IoErrors.describe(e));
            }
            if (size == 0 || size % RECORD != 0) {
                throw new DataError("expected " + dir.where(names.get(i)) + " to be a non-empty multiple of " + RECORD
                        + " bytes (one label byte + 3072 pixel bytes per record), found " + size + " bytes");
            }
            first[i] = (int) rows;
            rows += size / RECORD;
        }
        return new Part(List.copyOf(names), first, (int) rows);
    }

    /** {@code root} itself if it holds batch files (or is named like the official folder), else its child. */
    private static DataFiles batchesFolder(DataFiles root) {
        boolean hasBatches = Stream.concat(TRAIN_FILES.stream(), TEST_FILES.stream())
                .anyMatch(n -> root.type(n) != DataFiles.Type.NONE);
        DataFiles dir;
        if (hasBatches || root.rootName().equals(FOLDER)) {
            dir = root;
        } else if (root.type(FOLDER) == DataFiles.Type.FOLDER) {
            dir = root.child(FOLDER);
        } else {
            throw new DataError("expected CIFAR-10 batch files (data_batch_1.bin ... test_batch.bin) in " + root.location()
                    + " or in " + root.where(FOLDER) + ", found neither");
        }
        for (String name : Stream.concat(TRAIN_FILES.stream(), TEST_FILES.stream()).toList()) {
            if (dir.type(name) != DataFiles.Type.FILE) {
                throw new DataError("expected CIFAR-10 batch file " + name + " in " + dir.location() + ", found it missing");
            }
        }
        return dir;
    }

    private static List<String> readClassNames(DataFiles dir) {
        String meta = "batches.meta.txt";
        if (dir.type(meta) != DataFiles.Type.FILE) {
            return STANDARD_CLASSES;
        }
        List<String> names;
        try {
            names = new String(dir.readAll(meta), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new DataError("expected a readable class list at " + dir.where(meta) + ", found " + IoErrors.describe(e));
        }
        if (names.size() != 10) {
            throw new DataError("expected 10 class names (one per line) in " + dir.where(meta) + ", found " + names.size());
        }
        return names;
    }

    private static boolean isTarGz(String fileName) {
        String name = fileName.toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".tar.gz") || name.endsWith(".tgz");
    }

    /**
     * Unpacks into {@code home/datasets/cifar10-<md5 prefix>/} unless already there. Extraction goes to a
     * temporary sibling that is renamed atomically when complete, so an interrupted unpack never looks done.
     */
    private static Path unpack(Path tarball, Path home, ContentHashes hashes, String expectedMd5) {
        String md5 = hashes.md5(tarball);
        if (expectedMd5 != null && !md5.equalsIgnoreCase(expectedMd5)) {
            throw new DataError("expected MD5 " + expectedMd5 + " for " + tarball + " (the official CIFAR-10 archive), found "
                    + md5 + "; the file is corrupt or incomplete, download it again");
        }
        Path root = home.resolve("datasets");
        Path done = root.resolve("cifar10-" + md5.substring(0, 12));
        if (Files.isDirectory(done)) {
            return done;
        }
        Path tmp = null;
        try {
            Files.createDirectories(root);
            tmp = dev.frozen.AtomicFiles.createTempDir(root, "." + done.getFileName() + ".partial-");
            try (Progress progress = Progress.stderr("unpack " + tarball.getFileName(), Files.size(tarball), "B");
                 InputStream in = new GZIPInputStream(new BufferedInputStream(counting(Files.newInputStream(tarball), progress), 1 << 16), 1 << 16)) {
                TarReader.extract(in, tmp);
            }
            // Judge the content before publishing: batch files, whole records, labels 0-9, a 10-line class list.
            open(new LocalFiles(tmp)).fingerprint();
            try {
                dev.frozen.AtomicFiles.publishDir(tmp, done);
            } catch (IOException e) {
                if (!Files.isDirectory(done)) {
                    throw e;
                }
                // Another process finished the same unpack first; use its copy.
            }
            return done;
        } catch (DataError e) {
            // Name the place inside the archive, not the temporary folder that is about to be removed.
            String inside = tmp == null ? e.getMessage() : e.getMessage().replace(tmp.toString(), tarball + "!");
            throw new DataError(inside + " (unpacked from " + tarball + "; nothing was kept)");
        } catch (IOException e) {
            throw new DataError("expected " + tarball + " to be a gzip-compressed tar of cifar-10-batches-bin, found "
                    + IoErrors.describe(e) + " while unpacking into " + root);
        } finally {
            deleteTree(tmp);
        }
    }

    private static InputStream counting(InputStream in, Progress progress) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    progress.advance(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    progress.advance(n);
                }
                return n;
            }
        };
    }

    private static void deleteTree(Path dir) {
        try {
            dev.frozen.FileTrees.delete(dir);
        } catch (dev.frozen.DataError e) {
            // Leftover temporary folders are harmless: their names never match a finished unpack.
        }
    }
}
