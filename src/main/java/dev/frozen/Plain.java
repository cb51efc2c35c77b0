package dev.frozen;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.EOFException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * The one place that turns Java, Jackson and decoder exceptions into plain words for users: no class names, no
 * "[Source: ...]", one line. {@link #describe} says what went wrong; {@link #sanitize} cleans a finished message
 * (the CLI applies it to every error it prints, so a message built elsewhere cannot leak internals either).
 */
public final class Plain {
    private Plain() {}

    /** The reason in plain words, e.g. "no space left on the device" or "permission denied". */
    public static String describe(Throwable e) {
        if (e == null) {
            return "an unknown failure";
        }
        if (e instanceof OutOfMemoryError) {
            return "not enough memory: the Java heap limit is " + heapMiB() + " MiB (raise it with FROZEN_JAVA_OPTS=-Xmx...)";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "a file where a folder was expected";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "a folder that is not empty";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "something already exists there";
        }
        if (e instanceof FileSystemException fs) {
            String reason = fs.getReason() == null ? "" : fs.getReason();
            return fileSystemReason(reason.isEmpty() ? String.valueOf(fs.getMessage()) : reason);
        }
        if (e instanceof JsonProcessingException j) {
            JsonLocation at = j.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return "malformed JSON" + where + " (" + sanitize(firstLine(j.getOriginalMessage())) + ")";
        }
        if (e instanceof ZipException) {
            String msg = firstLine(e.getMessage());
            if (msg.toLowerCase(Locale.ROOT).contains("gzip")) {
                return "data that is not gzip-compressed";
            }
            return "damaged compressed data" + (msg.isEmpty() ? "" : " (" + sanitize(msg) + ")");
        }
        if (e instanceof EOFException) {
            return "the file ends early (truncated)";
        }
        if (e instanceof NullPointerException) {
            return "an internal error (a missing value)"; // the JVM's helpful text names local variables, not the input
        }
        if (e instanceof ClassCastException) {
            return "an internal error (a value of an unexpected type)";
        }
        if (e instanceof IndexOutOfBoundsException || e instanceof NegativeArraySizeException) {
            return "an internal error (an index out of range)";
        }
        String msg = firstLine(e.getMessage());
        if (!msg.isEmpty()) {
            String lower = msg.toLowerCase(Locale.ROOT);
            if (lower.contains("no space left") || lower.contains("file name too long") || lower.contains("read-only file system")
                    || lower.contains("is a directory") || lower.contains("permission denied")) {
                return fileSystemReason(msg);
            }
            return sanitize(msg);
        }
        if (e.getCause() != null && e.getCause() != e) {
            return describe(e.getCause());
        }
        return "an internal error (" + words(e.getClass().getSimpleName()) + ")";
    }

    /** Strips Java and Jackson internals from a finished message and keeps its first line. */
    public static String sanitize(String message) {
        if (message == null) {
            return "";
        }
        String s = message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
        s = s.replaceAll("\\s*(?:at\\s+)?\\[Source: [^\\]]*?(; line: (\\d+), column: (\\d+))?\\]", " (line $2, column $3)")
                .replace(" (line , column )", "");
        s = s.replaceAll("\\s*\\(through reference chain: [^)]*\\)+", "");
        // Jackson's data-binding wording, in plain terms.
        s = s.replaceAll("Cannot deserialize value of type `(?:[a-z0-9_.]+\\.)?([^`]*)` from (\\w+) value(?: \\(token `[^`]*`\\))?",
                "a value of the wrong type ($2 where $1 was expected)");
        s = s.replaceAll("Unrecognized field \"([^\"]*)\" \\(class [^)]*\\), not marked as ignorable(?: \\([^)]*\\))?",
                "unknown field \"$1\"");
        s = s.replaceAll("Missing required creator property '([^']*)'(?: \\(index \\d+\\))?", "missing field '$1'");
        s = s.replaceAll("\\s*\\(token `[^`]*`\\)", "");
        s = s.replaceAll("\\b(?:java|javax|jdk|sun|com|org|io|picocli)(?:\\.[a-z_][a-z0-9_]*)*\\.([A-Z][A-Za-z0-9_$]*(?:Exception|Error))\\b", "$1"); // java.util.zip.ZipException -> ZipException
        s = s.replaceAll("\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)(?<!DataError|UsageError):\\s*", "");
        return s.strip();
    }

    /** The operating system's words for a file-system failure (lower case), and what users read instead. */
    private static final String[][] FILE_SYSTEM_REASONS = {
        {"no space left", "no space left on the device"},
        {"file name too long", "a file name too long for the file system"},
        {"read-only file system", "a read-only file system"},
        {"is a directory", "a folder where a file was expected"},
        {"not a directory", "a file where a folder was expected"},
        {"permission denied", "permission denied"},
        {"disk quota", "the disk quota is exceeded"},
    };

    private static String fileSystemReason(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        for (String[] known : FILE_SYSTEM_REASONS) {
            if (r.contains(known[0])) {
                return known[1];
            }
        }
        return sanitize(reason);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }

    /** "NullPointerException" -> "null pointer". */
    private static String words(String className) {
        return className.replaceAll("(Exception|Error)$", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).strip();
    }

    public static long heapMiB() {
        return Runtime.getRuntime().maxMemory() / (1 << 20);
    }
}
