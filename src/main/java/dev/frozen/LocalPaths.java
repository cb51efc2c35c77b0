package dev.frozen;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The one rule for a local path given as text ({@code --features-dir}, {@code --data}, {@code --from}, a pipeline's
 * {@code features_dir} and {@code dataset.data}): a plain path is itself, and a {@code file:} URI
 * ({@code file:///x}, {@code file:/x}, {@code file://localhost/x}) is the absolute local path it names, never a
 * relative folder called {@code file:}. Anything else that looks like a URI is not a local path.
 */
public final class LocalPaths {
    private LocalPaths() {}

    /** True for text that starts with the {@code file:} scheme (in any letter case). */
    public static boolean isFileUri(String text) {
        return text != null && text.regionMatches(true, 0, "file:", 0, 5);
    }

    /** True for a URI of another scheme than {@code file:} ({@code hdfs://...}, {@code s3a://...}, {@code http://...}). */
    public static boolean isOtherUri(String text) {
        return text != null && !isFileUri(text) && text.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");
    }

    /**
     * The local path {@code text} names (see the class comment); null for null. A malformed or non-local
     * {@code file:} URI is a {@link UsageError} naming {@code option}; other URIs are too, with
     * {@code otherUriAdvice} appended (what to do instead).
     */
    public static Path parse(String text, String option, String otherUriAdvice) {
        if (text == null) {
            return null;
        }
        if (isFileUri(text)) {
            return fromFileUri(text, option);
        }
        if (isOtherUri(text)) {
            throw new UsageError(option + " expects a local path or a file: URI, found '" + text + "'"
                    + (otherUriAdvice == null ? "" : "; " + otherUriAdvice));
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UsageError(option + " expects a path, found '" + text + "' (" + e.getReason() + ")");
        }
    }

    /** The absolute local path of a {@code file:} URI; a {@link UsageError} naming {@code option} when it is not one. */
    public static Path fromFileUri(String text, String option) {
        String expected = option + " expects a local file: URI such as file:///data/features (or a plain path), found '"
                + text + "'";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new UsageError(expected + " (" + e.getReason() + " at index " + e.getIndex()
                    + "; write a space as %20, or give the plain path)");
        }
        if (uri.isOpaque() || uri.getPath() == null || !uri.getPath().startsWith("/")) {
            throw new UsageError(expected + ": a file: URI names an absolute path (file:///x or file:/x); for a"
                    + " relative folder give the path itself");
        }
        String host = uri.getAuthority();
        if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
            throw new UsageError(expected + ": file://" + host + "/... names a file on host '" + host
                    + "'; use file:///path for this machine, or mount the folder");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new UsageError(expected + ": a '?' or '#' is not part of a path (write them as %3F and %23)");
        }
        try {
            return Path.of(uri.getPath());
        } catch (InvalidPathException e) {
            throw new UsageError(expected + " (" + e.getReason() + ")");
        }
    }
}
