package dev.frozen;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Turns an IO failure into plain words for a one-line message, and tells write failures apart by their cause
 * (no space left, name too long, permission denied, read-only file system), so that the advice can be the
 * cheapest fix rather than a generic "rerun with --force".
 */
public final class IoErrors {
    /** Why a write failed, as far as the cause can be told from the exception. */
    public enum Cause {
        NO_SPACE("no space left on device", "free space"),
        NAME_TOO_LONG("file name too long", "use a shorter folder name"),
        PERMISSION("permission denied", "make the folder writable or choose another one"),
        READ_ONLY("read-only file system", "choose a writable folder"),
        OTHER("write failed", "fix the cause");

        public final String words;
        public final String fix;

        Cause(String words, String fix) {
            this.words = words;
            this.fix = fix;
        }
    }

    private IoErrors() {}

    /** The cause of {@code e} (or of any exception in its cause chain). */
    public static Cause cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AccessDeniedException) {
                return Cause.PERMISSION;
            }
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("no space left") || m.contains("disk quota") || m.contains("not enough space")) {
                return Cause.NO_SPACE;
            }
            if (m.contains("file name too long") || m.contains("name too long")) {
                return Cause.NAME_TOO_LONG;
            }
            if (m.contains("read-only file system")) {
                return Cause.READ_ONLY;
            }
            if (m.contains("permission denied") || m.contains("operation not permitted")) {
                return Cause.PERMISSION;
            }
        }
        return Cause.OTHER;
    }

    /**
     * One line saying what went wrong, in plain words and without Java class names where the kind is known:
     * {@code no such file: /x}, {@code no space left on device}, or the exception's own message.
     */
    public static String describe(Throwable e) {
        // The wording lives in Plain (one place for every exception); this adds the file a file-system error names.
        String detail = e instanceof FileSystemException fse ? fileOf(fse) : null;
        return Plain.describe(e) + (detail == null ? "" : ": " + detail);
    }

    /**
     * The message for a failed write of {@code what} at {@code where}: what happened, that nothing was marked
     * complete, and the cheapest fix followed by {@code rerun} (e.g. "rerun the same command to resume").
     */
    public static DataError writeFailure(String what, Object where, Throwable e, String rerun) {
        Cause c = cause(e);
        String head = c == Cause.OTHER ? "cannot write " + what + " at " + where + " (" + describe(e) + ")"
                : c.words + " while writing " + what + " at " + where;
        String fix = c == Cause.OTHER ? rerun : c.fix + " and " + rerun;
        return new DataError(head + "; " + fix, e);
    }

    private static String fileOf(FileSystemException e) {
        String file = e.getFile();
        if (file == null) {
            return null;
        }
        return e.getOtherFile() == null ? file : file + " -> " + e.getOtherFile();
    }
}
