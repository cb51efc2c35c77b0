package dev.frozen.experiments.report;

import dev.frozen.experiments.runs.RunRecord;
import java.util.Locale;

/** Renders a {@link CompareReport} as CSV: one header and one row per run, every column always present. */
final class CompareCsv {
    static final String CSV_HEADER = "rank,best,run_id,head,params,features_entry,layer,input_size,val_accuracy,"
            + "test_accuracy,fit_seconds,group,settings_tried,test_accuracy_ci95_low,test_accuracy_ci95_high,"
            + "p_value_vs_best,tied_with_best,stale,train_rows,converged,pipeline";

    private CompareCsv() {}

    /** One header and one row per run; every column is always present (empty where unknown). */
    static String of(CompareReport report) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (RunRecord r : report.runs()) {
            double[] ci = CompareReport.ci95(r);
            Double p = report.pValueVsBest(r);
            String[] row = {String.valueOf(report.rank(r)), String.valueOf(report.tiedWithBest(r)), r.runId(), r.head(),
                ParamSummary.of(r.head(), r.params()), r.featuresEntry(), String.valueOf(r.layer()),
                String.valueOf(r.inputSize()), r.valAccuracy() == null ? "" : CompareTable.acc(r.valAccuracy()),
                CompareTable.acc(r.testAccuracy()), String.format(Locale.ROOT, "%.3f", r.fitSeconds()), report.group(),
                String.valueOf(r.settingsTried()), String.format(Locale.ROOT, "%.4f", ci[0]),
                String.format(Locale.ROOT, "%.4f", ci[1]), p == null ? "" : String.valueOf(p),
                String.valueOf(report.tiedWithBest(r)), String.valueOf(report.staleReason(r) != null),
                String.valueOf(r.trainRows()), r.converged() == null ? "" : String.valueOf(r.converged()),
                r.pipeline() == null ? "" : r.pipeline()};
            for (int c = 0; c < row.length; c++) {
                out.append(c == 0 ? "" : ",").append(csvField(row[c]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
