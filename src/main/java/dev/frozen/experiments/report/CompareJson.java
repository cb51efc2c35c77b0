package dev.frozen.experiments.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frozen.Json;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.TestPredictions;

/** Renders a {@link CompareReport} as a JSON array, one object per run with every field, best first. */
final class CompareJson {
    private CompareJson() {}

    static String of(CompareReport report) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        addJson(report, array);
        return Json.write(array) + "\n";
    }

    /** Appends one JSON object per run, best first, to {@code array}. */
    static void addJson(CompareReport report, ArrayNode array) {
        for (RunRecord r : report.runs()) {
            ObjectNode o = array.addObject();
            o.put("rank", report.rank(r));
            o.put("best", report.tiedWithBest(r));
            o.put("group", report.group());
            o.put("run_id", r.runId());
            o.put("head", r.head());
            o.put("params", ParamSummary.of(r.head(), r.params()));
            o.set("params_full", Json.MAPPER.valueToTree(r.params()));
            o.put("features_entry", r.featuresEntry());
            o.put("layer", r.layer());
            o.put("input_size", r.inputSize());
            o.put("train_rows", r.trainRows());
            if (r.valAccuracy() == null) {
                o.putNull("val_accuracy");
            } else {
                o.put("val_accuracy", r.valAccuracy());
            }
            o.put("test_accuracy", r.testAccuracy());
            o.put("fit_seconds", r.fitSeconds());
            double[] ci = CompareReport.ci95(r);
            o.putArray("test_accuracy_ci95").add(ci[0]).add(ci[1]);
            Double p = report.pValueVsBest(r);
            if (p == null) {
                o.putNull("p_value_vs_best");
            } else {
                o.put("p_value_vs_best", p);
            }
            o.put("tied_with_best", report.tiedWithBest(r));
            o.put("settings_tried", r.settingsTried());
            if (r.seeds() != null) {
                SeedSpread sp = SeedSpread.of(r);
                ObjectNode so = o.putObject("seeds");
                so.put("n", sp.n());
                so.put("mean", sp.mean());
                so.putArray("min_max").add(sp.min()).add(sp.max());
                so.putArray("t_interval95").add(sp.tLow()).add(sp.tHigh());
                so.set("test_accuracies", Json.MAPPER.valueToTree(r.seedAccuracies()));
            }
            if (r.search() != null) {
                o.set("search", Json.MAPPER.valueToTree(r.search()));
            }
            if (r.converged() == null) {
                o.putNull("converged");
            } else {
                o.put("converged", r.converged());
            }
            o.put("pipeline", r.pipeline());
            if (r.confusionMatrix() != null) {
                o.put("macro_f1", Stats.macroF1(r.confusionMatrix()));
            }
            o.set("per_class_accuracy", Json.MAPPER.valueToTree(r.perClassAccuracy()));
            TestPredictions tp = report.predictions(r);
            double[][] probs = tp == null ? null : tp.probabilityMatrix();
            if (probs != null) {
                o.put("log_loss", Stats.logLoss(tp.labels(), probs));
                o.put("ece", Stats.ece(tp.labels(), probs, 15));
            }
            o.put("stale", report.staleReason(r) != null);
            if (report.staleReason(r) != null) {
                o.put("stale_reason", report.staleReason(r));
            }
        }
    }
}
