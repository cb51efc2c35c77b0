package dev.frozen.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Read-only access to a dataset's files by {@code /}-separated names relative to its root: the local file system
 * ({@link LocalFiles}) or, on the Spark route, any Hadoop file system ({@code dev.frozen.spark.HadoopFiles}). The
 * dataset readers go through it, so layout rules, row order and fingerprints are the same wherever the files are.
 * The empty name is the root itself.
 */
public interface DataFiles {
    /** What a name is: nothing, a regular file, a folder, or something else (a device, a socket). */
    enum Type { NONE, FILE, FOLDER, OTHER }

    /** The root as users wrote it, made absolute: a path or a URI; what manifests record as the dataset location. */
    String location();

    /** The last element of the root's name ("" for a file system's root). */
    String rootName();

    /** The full path or URI of {@code name}, for messages and image sources. */
    String where(String name);

    Type type(String name);

    /** Names of the entries directly inside folder {@code name} (in no particular order). */
    List<String> list(String name) throws IOException;

    long size(String name) throws IOException;

    InputStream open(String name) throws IOException;

    /** Reads exactly {@code into.length} bytes at {@code position}; fewer is an {@link java.io.EOFException}. */
    void readFully(String name, long position, byte[] into) throws IOException;

    /** A line that changes whenever the file's content may have (path, size, times): keys memoized hashes. */
    String stamp(String name) throws IOException;

    /** The same file system rooted at the sub-folder {@code name}. */
    DataFiles child(String name);

    default byte[] readAll(String name) throws IOException {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        }
    }

    /** True for text that names a URI (a scheme of two or more letters, then ':'), not a local path. */
    static boolean isUri(String text) {
        return text != null && text.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");
    }

    /** {@code folder/name}, or {@code name} at the root. */
    static String join(String folder, String name) {
        return folder.isEmpty() ? name : folder + "/" + name;
    }
}
