package dev.frozen.experiments.pipeline;

import dev.frozen.DataError;
import dev.frozen.FrozenHome;
import dev.frozen.Setting;
import dev.frozen.backbone.FrozenBase;
import dev.frozen.backbone.Pooling;
import dev.frozen.backbone.Precision;
import dev.frozen.backbone.WeightsSpec;
import dev.frozen.data.Datasets;
import dev.frozen.data.ImageDataset;
import dev.frozen.data.SyntheticImages;
import dev.frozen.experiments.fit.Fitter;
import dev.frozen.experiments.fit.GridEdges;
import dev.frozen.experiments.report.ComparePlots;
import dev.frozen.experiments.report.CompareLoader;
import dev.frozen.experiments.report.CompareReport;
import dev.frozen.experiments.report.FreezeSweepReport;
import dev.frozen.experiments.report.ReportFormat;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.features.Extraction;
import dev.frozen.features.FeatureEntry;
import dev.frozen.heads.HeadSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Runs a validated {@link Pipeline}: one extraction per (input size, layer), reusing the cache, then every
 * head on every resulting entry, then a Markdown report and PNG charts in
 * {@code <features-dir>/reports/<pipeline-name>/}.
 */
public final class PipelineRunner {
    /** What a run produced: the entries, the new run records, and where the report went. */
    public record Result(List<FeatureEntry> entries, List<RunRecord> runs, Path report) {}

    private PipelineRunner() {}

    /**
     * Runs the pipeline with downloads, generated data and memoized hashes in {@code home}; {@code rehash}: hash the
     * dataset from content, trusting no remembered hashes ({@code --rehash}).
     */
    public static Result run(Pipeline p, List<HeadSpec> heads, FrozenBase.Engine engine, boolean rehash, FrozenHome home,
            PrintStream log) {
        WeightsSpec weights = WeightsSpec.parse(p.backbone().weights(), home);
        ImageDataset dataset = openDataset(p, rehash, home, log);
        Path featuresDir = Path.of(p.featuresDir());

        List<FeatureEntry> entries = new ArrayList<>();
        for (int size : p.backbone().inputSizes()) {
            // Every layer at one input size comes from one pass over the images.
            Extraction.Request first = new Extraction.Request(dataset, Extraction.Weights.of(weights),
                    p.backbone().settings(p.backbone().layers().get(0), size), featuresDir, false, engine);
            List<Extraction.Request> requests = p.backbone().layers().stream().map(first::withLayer).toList();
            for (Extraction.Result r : Extraction.runAll(requests, log)) {
                log.printf(Locale.ROOT, "%s %s%n", r.cacheHit() ? "cache hit:" : "extracted:", r.entry().dir());
                entries.add(r.entry());
            }
        }
        List<RunRecord> runs = new ArrayList<>();
        for (FeatureEntry entry : entries) {
            for (int h = 0; h < heads.size(); h++) {
                HeadSpec spec = heads.get(h);
                if (h < p.heads().size() && !p.heads().get(h).fitsOn(entry.manifest().layer())) {
                    continue; // heads.layer keeps this head to other layers
                }
                log.printf(Locale.ROOT, "fitting %s on %s%n", spec.kind(), entry.name());
                RunRecord record = Fitter.fit(entry, spec, home, log, p.name());
                log.printf(Locale.ROOT, "  test accuracy %.4f (fit %.1f s, %d train rows%s)%n", record.testAccuracy(),
                        record.fitSeconds(), record.trainRows(), Boolean.FALSE.equals(record.converged()) ? ", NOT converged" : "");
                runs.add(record);
            }
        }
        for (String note : rowNotes(runs)) {
            log.println(note);
        }
        Path report = writeReport(p, weights, entries, runs, featuresDir);
        return new Result(entries, runs, report);
    }

    /**
     * What {@link #run} will do, step by step, without doing any of it: each extraction (input size, layer and the
     * backbone settings), and under it each head fitted on that entry with its settings (a search says how many it
     * tries and how they are scored). The last line counts extractions and fits.
     */
    public static List<String> plan(Pipeline p, List<HeadSpec> heads) {
        List<String> lines = new ArrayList<>();
        Pipeline.Backbone b = p.backbone();
        lines.add("pipeline " + p.name() + " (" + p.file() + ")");
        Pipeline.Generate g = p.dataset().generate();
        lines.add("  dataset: " + p.dataset().kind() + (p.dataset().data() != null ? " " + p.dataset().data()
                : g != null ? String.format(Locale.ROOT, " generated: %d classes, %d train and %d test images each, %d px, seed %d",
                        g.classes(), g.trainPerClass(), g.testPerClass(), g.size(), g.seed())
                : " (the official archive, downloaded once into $FROZEN_HOME)"));
        lines.add("  weights: " + b.weights() + ", preprocessing " + b.preprocessing().id()
                + (b.pooling() == Pooling.NONE ? "" : ", pooling " + b.pooling().id())
                + (b.precision() == Precision.FP32 ? "" : ", precision " + b.precision().id()) + "; features in " + p.featuresDir());
        int step = 0;
        int fits = 0;
        for (int size : b.inputSizes()) {
            if (b.layers().size() > 1) {
                lines.add(String.format(Locale.ROOT, "  at %d px, one pass over the images extracts %d layers:", size,
                        b.layers().size()));
            }
            for (String layer : b.layers()) {
                step++;
                lines.add(String.format(Locale.ROOT, "  %d. extract %s at %d px (%,d features per image)", step, layer, size,
                        b.settings(layer, size).featureDim()));
                for (int h = 0; h < heads.size(); h++) {
                    if (h < p.heads().size() && !p.heads().get(h).fitsOn(layer)) {
                        continue;
                    }
                    lines.add("       fit " + describe(heads.get(h)));
                    fits++;
                }
            }
        }
        lines.add(String.format(Locale.ROOT, "%d extraction(s), %d fit(s)", step, fits));
        return lines;
    }

    /** A head as the plan shows it: its kind and settings, or for a search the settings it tries and how it scores them. */
    static String describe(HeadSpec spec) {
        String kind = spec.kind().id();
        String scoring = spec.cvFolds() > 0 ? spec.cvFolds() + "-fold cross-validation"
                : String.format(Locale.ROOT, "a %.0f%% validation split", spec.valFraction() * 100);
        String seeds = spec.seeds() > 1 ? ", " + spec.seeds() + " seeds" : "";
        if (spec.grid().size() == 1) {
            return kind + " " + params(spec.options()) + (spec.cvFolds() > 0 ? ", scored by " + scoring : "") + seeds;
        }
        java.util.Map<String, java.util.Set<Object>> varying = new java.util.LinkedHashMap<>();
        for (var o : spec.grid()) {
            o.params().forEach((k, v) -> varying.computeIfAbsent(k, x -> new java.util.LinkedHashSet<>()).add(v));
        }
        StringBuilder tried = new StringBuilder();
        varying.forEach((k, v) -> {
            if (v.size() > 1) {
                tried.append(tried.length() == 0 ? "" : ", ").append(k).append(" in ").append(v);
            }
        });
        return kind + " search over " + spec.grid().size() + " settings (" + tried + "), scored by " + scoring
                + (spec.refit() ? ", the best refitted on train+val" : "") + seeds;
    }

    private static String params(dev.frozen.heads.HeadOptions o) {
        StringBuilder b = new StringBuilder();
        o.params().forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }

    static ImageDataset openDataset(Pipeline p, boolean rehash, FrozenHome home, PrintStream log) {
        Pipeline.Generate g = p.dataset().generate();
        if (g != null && p.dataset().data() == null) {
            return Datasets.open("folder", generated(g, home), log, rehash, home);
        }
        return Datasets.open(p.dataset().kind(), p.dataset().data() == null ? null : Path.of(p.dataset().data()), log,
                rehash, home);
    }

    /** The synthetic folder for these parameters, generated once under {@code home/generated/}. */
    static Path generated(Pipeline.Generate g, FrozenHome home) {
        Path root = home.resolve("generated");
        Path dir = root.resolve(String.format(Locale.ROOT, "synthetic-%dc-%d-%d-%dpx-seed%d", g.classes(),
                g.trainPerClass(), g.testPerClass(), g.size(), g.seed()));
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(root);
            Path tmp = dev.frozen.AtomicFiles.createTempDir(root, ".partial-");
            SyntheticImages.generate(tmp, g.classes(), g.trainPerClass(), g.testPerClass(), g.size(), g.seed());
            try {
                dev.frozen.AtomicFiles.publishDir(tmp, dir);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // Another process generated the same folder first; theirs is identical.
                dev.frozen.FileTrees.delete(tmp);
            }
            return dir;
        } catch (IOException e) {
            throw dev.frozen.IoErrors.writeFailure("synthetic images", root, e, "rerun the same command");
        }
    }

    private static Path writeReport(Pipeline p, WeightsSpec weights, List<FeatureEntry> entries, List<RunRecord> runs,
            Path featuresDir) {
        Path dir = featuresDir.resolve("reports").resolve(p.name());
        CompareReport report = CompareLoader.ofRecorded(runs, featuresDir);
        try {
            Files.createDirectories(dir);
            Path png = dir.resolve("accuracy.png");
            ComparePlots.write(report, png);
            StringBuilder md = new StringBuilder();
            md.append("# Pipeline `").append(p.name()).append("`\n\n");
            md.append("From `").append(p.file()).append("`.\n\n");
            if (weights.isRandom()) {
                md.append("> **Random weights (`").append(weights.id()).append("`): these accuracies are meaningless as")
                        .append(" transfer-learning results. This run only checks that every stage works.**\n\n");
            }
            md.append("| setting | value |\n|---|---|\n");
            FeatureEntry first = entries.get(0);
            md.append("| dataset | ").append(first.manifest().dataset().kind()).append(" `")
                    .append(first.manifest().dataset().location()).append("` |\n");
            md.append("| weights | `").append(weights.id()).append("` |\n");
            md.append("| preprocessing | ").append(p.backbone().preprocessing().id()).append(" |\n");
            for (FeatureEntry e : entries) {
                md.append("| entry | `").append(e.name()).append("` (").append(e.manifest().rows().get("train"))
                        .append(" train, ").append(e.manifest().rows().get("test")).append(" test rows, D=")
                        .append(e.manifest().featureDim()).append(") |\n");
            }
            md.append("\n## Results\n\n").append(report.render(ReportFormat.MARKDOWN)).append('\n');
            md.append("![test accuracy per run](accuracy.png)\n\n");
            if (FreezeSweepReport.applies(runs)) {
                FreezeSweepReport.plot(runs, dir.resolve("freeze-sweep.png"));
                md.append(FreezeSweepReport.markdown(runs, report::predictionsOf, "freeze-sweep.png"));
            }
            md.append("![confusion matrix of the best run](").append(ComparePlots.confusionPath(png).getFileName())
                    .append(")\n\n## Run records\n\n");
            for (String note : rowNotes(runs)) {
                md.append("> ").append(note).append("\n\n");
            }
            for (RunRecord r : runs) {
                md.append("- `").append(r.featuresEntry()).append("/runs/").append(r.runId()).append(".json`: ")
                        .append(r.head()).append(", ").append(r.trainRows()).append(" train rows")
                        .append(Boolean.FALSE.equals(r.converged()) ? ", **did not converge** (stopped at its iteration limit)" : "")
                        .append("\n");
                for (String note : GridEdges.notes(r.search(), chosenIndex(r))) {
                    md.append("  - ").append(note).append("\n");
                }
            }
            Path file = dir.resolve("report.md");
            dev.frozen.AtomicFiles.writeString(file, Setting.render(md.toString(), PipelineKeys::name));
            return file;
        } catch (IOException e) {
            throw dev.frozen.IoErrors.writeFailure("the pipeline report", dir, e,
                    "rerun the same command (extractions and fits already done are reused or kept)");
        }
    }

    /**
     * A note per entry whose heads trained on different numbers of rows (a head's own val_fraction, or a search
     * refitted on all training rows), since their accuracies then mix in the training size; empty when all agree.
     */
    static List<String> rowNotes(List<RunRecord> runs) {
        Map<String, Map<String, Integer>> byEntry = new java.util.LinkedHashMap<>();
        for (RunRecord r : runs) {
            byEntry.computeIfAbsent(r.featuresEntry(), e -> new java.util.LinkedHashMap<>()).put(r.head() + " " + r.runId(), r.trainRows());
        }
        List<String> notes = new ArrayList<>();
        for (var e : byEntry.entrySet()) {
            if (new java.util.HashSet<>(e.getValue().values()).size() > 1) {
                StringBuilder b = new StringBuilder();
                e.getValue().forEach((run, rows) -> b.append(b.length() == 0 ? "" : ", ").append(run.substring(0, run.indexOf(' ')))
                        .append(' ').append(rows));
                notes.add("note: heads on " + e.getKey() + " trained on different numbers of rows (" + b
                        + "); give them the same val_fraction (and no_refit: true on searches) to compare like with like");
            }
        }
        return notes;
    }

    /** The index of the chosen setting in a record's search: the first of best score, as the search picks it. */
    static int chosenIndex(RunRecord r) {
        if (r.search() == null) {
            return -1;
        }
        int best = -1;
        double bestScore = -1;
        for (int i = 0; i < r.search().size(); i++) {
            Object score = r.search().get(i).getOrDefault("val_accuracy", r.search().get(i).get("cv_accuracy"));
            if (score instanceof Number n && n.doubleValue() > bestScore) {
                bestScore = n.doubleValue();
                best = i;
            }
        }
        return best;
    }
}
