package dev.frozen.data;

import dev.frozen.DataError;
import dev.frozen.IoErrors;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A dataset laid out as {@code DIR/train/<class>/*} and {@code DIR/test/<class>/*}. Classes are the train
 * sub-folders sorted by name (label i = i-th name); rows are ordered class by class, files sorted by name within
 * a class (both by {@link String#compareTo}). Policy: files without an image extension (png, jpg, jpeg, bmp,
 * gif), hidden class folders and stray files next to class folders are skipped and counted in one warning line; an image file that fails to decode, an empty class folder, a missing {@code train/} or
 * {@code test/}, or train and test class sets that differ are {@link DataError}s. Images decode as Pillow's
 * {@code convert("RGB")} does; see {@link ImageDecoder} for the rules. Immutable
 * after {@link #open}; {@link #read} is thread-safe.
 */
public final class ImageFolder extends FileDataset {
    static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private final List<Row> train;
    private final List<Row> test;
    private final ContentHashes hashes;

    /** One image: its name relative to the root ({@code train/cat/1.png}) and its label. */
    private record Row(String name, int label) {}

    private ImageFolder(DataFiles files, List<String> classes, List<Row> train, List<Row> test, ContentHashes hashes) {
        super("folder", files, classes);
        this.train = train;
        this.test = test;
        this.hashes = hashes;
    }

    /**
     * Lists (does not decode) the folder; skipped non-image files are reported as one line on {@code warnings};
     * file hashes for the fingerprint are memoized in {@code hashes}.
     */
    public static ImageFolder open(Path dir, PrintStream warnings, ContentHashes hashes) {
        return open(new LocalFiles(dir), warnings, hashes);
    }

    /** As {@link #open(Path, PrintStream, ContentHashes)} for a folder on any file system. */
    public static ImageFolder open(DataFiles files, PrintStream warnings, ContentHashes hashes) {
        DataFiles.Type rootType = files.type("");
        if (rootType != DataFiles.Type.FOLDER) {
            throw new DataError("expected an image folder with train/ and test/ at " + files.location() + ", found "
                    + (rootType != DataFiles.Type.NONE ? "a file" : "nothing"));
        }
        split(files, "train");
        split(files, "test");
        List<String> skipped = new ArrayList<>();
        List<String> trainClasses = classFolders(files, "train", skipped);
        List<String> testClasses = classFolders(files, "test", skipped);
        if (trainClasses.isEmpty()) {
            throw new DataError("expected class folders in " + files.where("train") + ", found none");
        }
        if (trainClasses.size() < 2) {
            throw new DataError("expected at least 2 class folders in " + files.where("train") + ", found only '"
                    + trainClasses.get(0) + "'; a classifier needs two or more classes");
        }
        if (!trainClasses.equals(testClasses)) {
            Set<String> onlyTrain = new TreeSet<>(trainClasses);
            onlyTrain.removeAll(testClasses);
            Set<String> onlyTest = new TreeSet<>(testClasses);
            onlyTest.removeAll(trainClasses);
            throw new DataError("expected the same class folders in " + files.where("train") + " and " + files.where("test")
                    + ", found only in train: " + onlyTrain + ", only in test: " + onlyTest);
        }
        List<Row> train = rows(files, "train", trainClasses, skipped);
        List<Row> test = rows(files, "test", trainClasses, skipped);
        if (!skipped.isEmpty()) {
            warnings.println("warning: skipped " + skipped.size() + " non-image entr" + (skipped.size() == 1 ? "y" : "ies")
                    + " in " + files.location() + " (e.g. " + skipped.get(0) + "); images must end in "
                    + new TreeSet<>(IMAGE_EXTENSIONS));
        }
        return new ImageFolder(files, List.copyOf(trainClasses), train, test, hashes);
    }

    /** Longest display name kept whole; entry names must stay well under file systems' 255-byte name limit. */
    static final int MAX_NAME = 48;

    /**
     * The folder's name, lower-cased, every character outside {@code [a-z0-9_-]} replaced by {@code _}; a name
     * longer than {@link #MAX_NAME} becomes its first 39 characters, '-' and 8 hex digits of the SHA-256 of the
     * whole name, so long names stay distinct and every entry name fits a file system.
     */
    @Override
    public String displayName() {
        String raw = files.rootName().toLowerCase(Locale.ROOT);
        String safe = raw.replaceAll("[^a-z0-9_-]", "_");
        if (safe.length() > MAX_NAME) {
            String hash = ContentHashes.hex(ContentHashes.digest("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8)));
            safe = safe.substring(0, MAX_NAME - 9) + "-" + hash.substring(0, 8);
        }
        return safe.isEmpty() ? "folder" : safe;
    }

    @Override
    public int size(Split split) {
        return rows(split).size();
    }

    /**
     * SHA-256 over (relative path, content) of every train row then every test row, in row order. Memoized by
     * the listing (paths, sizes, mtimes), so a repeat on an unchanged folder costs only the stats.
     */
    @Override
    public String fingerprint() {
        return hashes.memoizeStamps("imagefolder-sha256", stamps(), this::stamps, this::hashRows);
    }

    private List<String> stamps() {
        List<String> stamps = new ArrayList<>(train.size() + test.size());
        for (Row row : Stream.concat(train.stream(), test.stream()).toList()) {
            try {
                stamps.add(files.stamp(row.name()));
            } catch (IOException e) {
                throw new DataError("expected a readable file at " + files.where(row.name()) + ", found " + IoErrors.describe(e));
            }
        }
        return stamps;
    }

    @Override
    public List<LabeledImage> read(Split split, int from, int count) {
        List<Row> rows = rows(split);
        if (from < 0 || count < 0 || from > rows.size() - count) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + from + "+" + count + ") of " + files.location() + " "
                    + split.fileStem() + " which has " + rows.size() + " rows");
        }
        List<LabeledImage> out = new ArrayList<>(count);
        for (Row row : rows.subList(from, from + count)) {
            out.add(new LabeledImage(ImageDecoder.decode(files, row.name()), row.label(), files.where(row.name())));
        }
        return out;
    }

    /** Decodes one image file to 8-bit RGB by the rules of {@link ImageDecoder}; failures are DataErrors naming it. */
    public static RgbImage decode(Path file) {
        return ImageDecoder.decode(file);
    }

    static RgbImage toRgb(BufferedImage image) {
        return ImageDecoder.toRgb(image, "an image in memory");
    }

    private List<Row> rows(Split split) {
        return split == Split.TRAIN ? train : test;
    }

    private String hashRows() {
        MessageDigest sha = ContentHashes.digest("SHA-256");
        for (Row row : Stream.concat(train.stream(), test.stream()).toList()) {
            byte[] content;
            try {
                content = files.readAll(row.name());
            } catch (IOException e) {
                throw new DataError("expected a readable image at " + files.where(row.name()) + ", found " + IoErrors.describe(e));
            }
            byte[] name = row.name().getBytes(StandardCharsets.UTF_8);
            // Length prefixes keep (path, content) pairs unambiguous when concatenated.
            sha.update(ByteBuffer.allocate(4).putInt(name.length).array());
            sha.update(name);
            sha.update(ByteBuffer.allocate(8).putLong(content.length).array());
            sha.update(content);
        }
        return ContentHashes.hex(sha.digest());
    }

    private static void split(DataFiles files, String name) {
        DataFiles.Type type = files.type(name);
        if (type != DataFiles.Type.FOLDER) {
            throw new DataError("expected a " + name + "/ folder of class folders in " + files.location() + ", found "
                    + (type != DataFiles.Type.NONE ? "a file" : "none"));
        }
    }

    /** Sub-folders of a split are classes, except hidden ones (e.g. .ipynb_checkpoints); anything else is skipped. */
    private static List<String> classFolders(DataFiles files, String split, List<String> skipped) {
        List<String> classes = new ArrayList<>();
        for (String name : sortedList(files, split)) {
            String entry = DataFiles.join(split, name);
            if (files.type(entry) == DataFiles.Type.FOLDER && !name.startsWith(".")) {
                classes.add(name);
            } else {
                skipped.add(entry);
            }
        }
        Collections.sort(classes);
        return classes;
    }

    private static List<Row> rows(DataFiles files, String split, List<String> classes, List<String> skipped) {
        List<Row> rows = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            String classDir = DataFiles.join(split, classes.get(label));
            int before = rows.size();
            for (String name : sortedList(files, classDir)) {
                String file = DataFiles.join(classDir, name);
                if (IMAGE_EXTENSIONS.contains(extension(name)) && files.type(file) == DataFiles.Type.FILE) {
                    rows.add(new Row(file, label));
                } else {
                    skipped.add(file);
                }
            }
            if (rows.size() == before) {
                throw new DataError("expected at least one image in class folder " + files.where(classDir) + ", found none");
            }
        }
        return List.copyOf(rows);
    }

    private static List<String> sortedList(DataFiles files, String folder) {
        try {
            List<String> names = new ArrayList<>(files.list(folder));
            Collections.sort(names);
            return names;
        } catch (IOException e) {
            throw new DataError("expected a readable folder at " + files.where(folder) + ", found " + IoErrors.describe(e));
        }
    }

    /** True for a regular file whose extension is one of {@link #IMAGE_EXTENSIONS} (case-insensitive). */
    public static boolean isImageFile(Path file) {
        return Files.isRegularFile(file) && IMAGE_EXTENSIONS.contains(extension(file.getFileName().toString()));
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
