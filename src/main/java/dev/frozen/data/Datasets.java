package dev.frozen.data;

import dev.frozen.FrozenHome;
import dev.frozen.Setting;
import dev.frozen.UsageError;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens a dataset by kind ({@code cifar10}, the default, or {@code folder}). CIFAR-10 without a path is
 * downloaded once into {@code downloads/} of the {@link FrozenHome}; the URL can be overridden with the environment
 * variable {@code FROZEN_CIFAR10_URL} (and its MD5 with {@code FROZEN_CIFAR10_MD5}, for a test archive).
 */
public final class Datasets {
    public static final List<String> KINDS = List.of("cifar10", "folder");
    public static final String CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
    public static final String OFFLINE_HINT = "download " + CIFAR10_URL
            + " yourself and pass " + Setting.key("data")
            + " /path/to/cifar-10-binary.tar.gz (or the unpacked cifar-10-batches-bin folder)";

    private Datasets() {}

    /**
     * {@code kind} null means {@code cifar10}; {@code log} receives warnings such as skipped files; downloads,
     * unpacked archives and memoized hashes live in {@code home}. {@code rehash} recomputes every memoized content
     * hash (image folder files, the CIFAR-10 tarball) instead of trusting {@code fingerprints.json}.
     */
    public static ImageDataset open(String kind, Path dataOrNull, PrintStream log, boolean rehash, FrozenHome home) {
        String url = System.getenv("FROZEN_CIFAR10_URL");
        String md5 = System.getenv("FROZEN_CIFAR10_MD5");
        return open(kind, dataOrNull, log, home.dir(),
                URI.create(url == null || url.isBlank() ? CIFAR10_URL : url.strip()),
                md5 == null || md5.isBlank() ? CifarBinary.OFFICIAL_MD5 : md5.strip(), rehash);
    }

    /**
     * A dataset whose files are already located (a Hadoop file system on the Spark route): a CIFAR-10 batches
     * folder or an image folder, with hashes memoized in {@code home} as for local ones. Archives and downloads are
     * for local paths only.
     */
    public static ImageDataset open(String kind, DataFiles files, PrintStream log, boolean rehash, FrozenHome home) {
        ContentHashes hashes = rehash ? ContentHashes.in(home.dir()).rehashing() : ContentHashes.in(home.dir());
        String k = kind == null ? "cifar10" : kind.strip();
        if (k.equals("cifar10") && looksLikeImageFolder(files)) {
            log.println(detected(files.location()));
            k = "folder";
        }
        return switch (k) {
            case "cifar10" -> CifarBinary.open(files);
            case "folder" -> ImageFolder.open(files, log, hashes);
            default -> throw new UsageError("expected a dataset kind among " + KINDS + ", found '" + kind + "'");
        };
    }

    /**
     * True when {@code root} holds {@code train/} and {@code test/} folders and no CIFAR-10 batch files (neither in it
     * nor in a {@code cifar-10-batches-bin/} inside it): the image-folder layout, unambiguously.
     */
    static boolean looksLikeImageFolder(DataFiles root) {
        return root.type("train") == DataFiles.Type.FOLDER && root.type("test") == DataFiles.Type.FOLDER
                && !hasCifarBatches(root);
    }

    private static boolean hasCifarBatches(DataFiles root) {
        return root.type("data_batch_1.bin") != DataFiles.Type.NONE || root.type("test_batch.bin") != DataFiles.Type.NONE
                || root.type(CifarBinary.FOLDER) != DataFiles.Type.NONE;
    }

    private static String detected(String location) {
        return "dataset: " + location + " holds train/ and test/ folders and no CIFAR-10 batch files, so it is read as "
                + "an image folder (" + Setting.key("dataset") + " folder)";
    }

    /** As {@link #open(String, Path, PrintStream, boolean, FrozenHome)} with the CIFAR-10 source given explicitly. */
    static ImageDataset open(String kind, Path data, PrintStream log, Path home, URI cifarUrl, String cifarMd5) {
        return open(kind, data, log, home, cifarUrl, cifarMd5, false);
    }

    static ImageDataset open(String kind, Path data, PrintStream log, Path home, URI cifarUrl, String cifarMd5, boolean rehash) {
        ContentHashes hashes = rehash ? ContentHashes.in(home).rehashing() : ContentHashes.in(home);
        String k = kind == null ? "cifar10" : kind.strip();
        switch (k) {
            case "cifar10": {
                if (data != null && java.nio.file.Files.isDirectory(data) && looksLikeImageFolder(new LocalFiles(data))) {
                    log.println(detected(data.toString()));
                    return ImageFolder.open(data, log, hashes);
                }
                if (data != null) {
                    // A local copy is judged by its content; the official MD5 guards downloads only.
                    String notice = CifarBinary.officialDigestNotice(data, hashes);
                    if (notice != null) {
                        log.println(notice);
                    }
                    return CifarBinary.open(data, home, null, hashes);
                }
                Path target = home.resolve("downloads").resolve(CifarBinary.OFFICIAL_TARBALL);
                Path tarball = Downloader.fetch(cifarUrl, cifarMd5, target, OFFLINE_HINT, hashes, System.err);
                return CifarBinary.open(tarball, home, cifarMd5, hashes);
            }
            case "folder":
                if (data == null) {
                    throw new UsageError("expected " + Setting.key("data") + " DIR with the dataset kind 'folder', found no "
                            + Setting.key("data"));
                }
                if (java.nio.file.Files.isDirectory(data) && hasCifarBatches(new LocalFiles(data))) {
                    throw new UsageError("expected train/ and test/ class folders in " + data + " for " + Setting.key("dataset")
                            + " folder, found CIFAR-10 batch files (data_batch_1.bin ...): this looks like CIFAR-10, drop "
                            + Setting.key("dataset") + " "
                            + "folder (cifar10 is the default)");
                }
                return ImageFolder.open(data, log, hashes);
            default:
                throw new UsageError("expected a dataset kind among " + KINDS + ", found '" + kind + "'");
        }
    }
}
