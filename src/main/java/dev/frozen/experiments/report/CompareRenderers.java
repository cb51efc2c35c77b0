package dev.frozen.experiments.report;

/**
 * Picks the renderer of a report format: a new format is a {@link ReportFormat} constant and its class here, and
 * the compiler lists this switch when one is missing.
 */
final class CompareRenderers {
    private CompareRenderers() {}

    /** The report in {@code format}; only the terminal table uses {@code width}. */
    static String render(CompareReport report, ReportFormat format, int width) {
        return switch (format) {
            case TABLE -> CompareTable.table(report, width);
            case MARKDOWN -> CompareMarkdown.of(report);
            case CSV -> CompareCsv.of(report);
            case JSON -> CompareJson.of(report);
        };
    }
}
