package dev.frozen.experiments.report;

/** Output formats of {@code compare}. */
public enum ReportFormat implements dev.frozen.Choices.Named {
    TABLE, MARKDOWN, CSV, JSON;

    public static ReportFormat parse(String s) {
        return dev.frozen.Choices.parse(ReportFormat.class, "format", s);
    }
}
