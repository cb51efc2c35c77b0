package dev.frozen;

/**
 * The one check for a file or folder name read from a file (a manifest's {@code files}, a run record, a head's
 * description, a pipeline): it must name something directly inside its folder, so that resolving it can never
 * lead a read or a write anywhere else.
 */
public final class FileNames {
    private FileNames() {}

    /** Why {@code name} is not a plain name inside its folder, or null when it is one. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "an empty name";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "', which names a folder, not a file in it";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "'" + Plain.sanitize(name) + "', a path (a name cannot contain '/' or '\\')";
        }
        if (name.indexOf('\0') >= 0) {
            return "a name with a NUL character";
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            return "'" + Plain.sanitize(name) + "', a drive path";
        }
        return null;
    }

    /** True for a plain name inside its folder (see {@link #problem}). */
    public static boolean isPlain(String name) {
        return problem(name) == null;
    }

    /**
     * Returns {@code name} when it is a plain name inside its folder; otherwise a {@link DataError} saying what was
     * expected, what was found, and where it was read ({@code what}, e.g. "a file name in the manifest", and
     * {@code where}, the file it came from).
     */
    public static String requirePlain(String name, String what, Object where) {
        String problem = problem(name);
        if (problem != null) {
            throw new DataError("expected " + what + " in " + where + " to be a plain name inside its folder, found "
                    + problem + "; nothing was written");
        }
        return name;
    }
}
