package dev.frozen.heads;

import dev.frozen.UsageError;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of head frozen can fit; {@link #id()} is the name used on the command line and in run records. */
public enum HeadKind {
    SVM("svm"),
    LOGREG("logreg"),
    DENSE("dense");

    private final String id;

    HeadKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Parses a command-line name; anything else is a usage error that lists the valid names. */
    public static HeadKind parse(String name) {
        for (HeadKind k : values()) {
            if (k.id.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new UsageError("unknown head '" + name + "': expected one of " + validNames());
    }

    public static String validNames() {
        return Arrays.stream(values()).map(HeadKind::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
