package dev.frozen.experiments;

import dev.frozen.UsageError;
import java.util.Locale;

/** Output formats of {@code compare}. */
public enum ReportFormat {
    TABLE, MARKDOWN, CSV, JSON;

    public static ReportFormat parse(String s) {
        for (ReportFormat f : values()) {
            if (f.name().equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new UsageError("--format must be one of table, markdown, csv, json (got " + s + ")");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
