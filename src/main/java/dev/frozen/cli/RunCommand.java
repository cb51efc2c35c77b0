package dev.frozen.cli;

import dev.frozen.UsageError;
import dev.frozen.backbone.FrozenBase;
import dev.frozen.backbone.WeightsSpec;
import dev.frozen.experiments.CompareReport;
import dev.frozen.experiments.Pipeline;
import dev.frozen.experiments.PipelineRunner;
import dev.frozen.experiments.ReportFormat;
import dev.frozen.heads.HeadSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code frozen run}: validates a pipeline file as a whole, then extracts, fits every head and reports. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run a whole experiment from a pipeline file: extract (reusing the cache), fit every head, compare,",
            "and write a Markdown report with PNG charts to <features-dir>/reports/<name>/.",
            "",
            "The file is validated as a whole before any work starts; errors name the file, line and key.",
            "Head options use the names of 'frozen fit' options with '_' for '-' (val_fraction, max_iter,",
            "trainable_blocks, C, lambda, hidden: [1000, 500], ...).",
            "",
            "Examples:",
            "  frozen run pipelines/smoke.yaml                   # offline installation check, < 1 minute",
            "  frozen run pipelines/article.yaml",
            "  frozen run pipelines/article.yaml --data ~/cifar-10-binary.tar.gz --weights ~/vgg16_notop.h5",
            "  frozen run pipelines/resolution-sweep.yaml --check",
            ""})
public final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "A pipeline YAML file, e.g. pipelines/article.yaml.")
    Path file;

    @Option(names = "--data", paramLabel = "PATH", description = "Override the pipeline's dataset location (offline runs).")
    String data;

    @Option(names = "--weights", paramLabel = "SPEC", description = "Override the pipeline's weights: imagenet, a .h5 path or random:SEED.")
    String weights;

    @Option(names = "--features-dir", paramLabel = "DIR", description = "Override where feature entries and reports go.")
    String featuresDir;

    @Option(names = "--engine", defaultValue = "onednn", paramLabel = "ENGINE",
            description = "Extraction engine: onednn (default) or nd4j.")
    String engine;

    @Option(names = "--rehash", description = "Hash the dataset's files from their content instead of trusting "
            + "remembered hashes of unchanged files (see 'frozen extract --help').")
    boolean rehash;

    @Option(names = "--check", description = "Validate the pipeline and print the plan; do no work.")
    boolean check;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Pipeline pipeline = Pipeline.load(file).withOverrides(data, weights, featuresDir);
        FrozenBase.Engine eng = FrozenBase.Engine.parse(engine);
        WeightsSpec.parse(pipeline.backbone().weights());
        if (pipeline.dataset().data() != null && !Files.exists(Path.of(pipeline.dataset().data()))) {
            throw new UsageError("dataset path " + pipeline.dataset().data() + " (from " + (data != null ? "--data" : file)
                    + ") does not exist");
        }
        List<HeadSpec> heads = new ArrayList<>();
        for (Pipeline.HeadEntry h : pipeline.heads()) {
            heads.add(headSpec(pipeline, h));
        }
        dev.frozen.experiments.PipelineChecks.beforeWork(pipeline, heads);
        out.printf("pipeline %s: %d input size(s) x %d layer(s), %d head(s) each, weights %s%n", pipeline.name(),
                pipeline.backbone().inputSizes().size(), pipeline.backbone().layers().size(), heads.size(),
                pipeline.backbone().weights());
        if (check) {
            out.println("pipeline is valid; --check given, so nothing was run");
            return 0;
        }
        out.flush();
        PipelineRunner.Result result = PipelineRunner.run(pipeline, heads, eng, rehash, System.err);
        out.println();
        out.print(CompareReport.ofRecorded(result.runs(), java.nio.file.Path.of(pipeline.featuresDir())).render(ReportFormat.TABLE));
        out.println();
        out.println("report: " + result.report());
        if (WeightsSpec.parse(pipeline.backbone().weights()).isRandom()) {
            out.println("note: random weights: these accuracies are meaningless; the run only checks the installation");
        }
        return 0;
    }

    /** Builds a head's spec by parsing its YAML options exactly like 'frozen fit' would parse them. */
    static HeadSpec headSpec(Pipeline p, Pipeline.HeadEntry h) {
        List<String> args = new ArrayList<>(List.of("--head", h.kind()));
        for (Map.Entry<String, Object> o : h.options().entrySet()) {
            if (o.getKey().equals(Pipeline.HEAD_LAYER)) {
                continue; // which entries the head runs on: the pipeline's business, not fit's
            }
            if (SWITCHES.contains(o.getKey())) { // search: true, no_refit: true
                String v = String.valueOf(o.getValue());
                if (!v.equals("true") && !v.equals("false")) {
                    throw new UsageError(p.file() + ":" + h.optionLines().getOrDefault(o.getKey(), h.line()) + ": heads."
                            + o.getKey() + ": expected true or false, found " + v);
                }
                if (v.equals("true")) {
                    args.add(flag(o.getKey()));
                }
                continue;
            }
            args.add(flag(o.getKey()));
            args.add(o.getValue() instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                    : String.valueOf(o.getValue()));
        }
        if (!h.options().containsKey("seed")) {
            args.addAll(List.of("--seed", Long.toString(p.seed())));
        }
        if (!h.options().containsKey("val_fraction")) {
            args.addAll(List.of("--val-fraction", Double.toString(p.valFraction())));
        }
        FitCommand fit = new FitCommand();
        CommandLine cli = new CommandLine(fit);
        String where = p.file() + ":" + h.line() + ": head " + h.kind();
        try {
            cli.parseArgs(args.toArray(new String[0]));
            return fit.headSpec();
        } catch (CommandLine.UnmatchedArgumentException e) {
            String unknown = e.getUnmatched().isEmpty() ? "?" : e.getUnmatched().get(0);
            String key = keyOf(h, unknown);
            throw new UsageError(p.file() + ":" + h.optionLines().getOrDefault(key, h.line()) + ": heads." + key
                    + ": unknown key; expected one of " + String.join(", ", headKeys(cli)));
        } catch (CommandLine.ParameterException e) {
            throw new UsageError(lineFor(p, h, e.getMessage()) + ": head " + h.kind() + ": " + e.getMessage());
        } catch (UsageError e) {
            throw new UsageError(lineFor(p, h, e.getMessage()) + ": head " + h.kind() + ": " + e.getMessage());
        }
    }

    /** Head keys that are on/off switches of 'frozen fit' rather than options with a value. */
    private static final java.util.Set<String> SWITCHES = java.util.Set.of("search", "no_refit");

    private static String flag(String key) {
        return key.equals("C") ? "--C" : "--" + key.replace('_', '-');
    }

    private static String keyOf(Pipeline.HeadEntry h, String flagText) {
        for (String key : h.options().keySet()) {
            if (flag(key).equals(flagText)) {
                return key;
            }
        }
        return flagText.replaceFirst("^--", "");
    }

    /** file:line of the first option the message names, else of the head itself. */
    private static String lineFor(Pipeline p, Pipeline.HeadEntry h, String message) {
        for (String key : h.options().keySet()) {
            if (message.contains(flag(key) + " ") || message.contains(flag(key) + ":") || message.contains("'" + flag(key))) {
                return p.file() + ":" + h.optionLines().get(key);
            }
        }
        return p.file() + ":" + h.line();
    }

    private static List<String> headKeys(CommandLine cli) {
        TreeSet<String> keys = new TreeSet<>();
        keys.add(Pipeline.HEAD_LAYER);
        for (CommandLine.Model.OptionSpec o : cli.getCommandSpec().options()) {
            String name = o.longestName();
            if (!List.of("--head", "--features-dir", "--features", "--help", "--version", "--verbose").contains(name)) {
                keys.add(name.equals("--C") ? "C" : name.replaceFirst("^--", "").replace('-', '_'));
            }
        }
        return new ArrayList<>(keys);
    }
}
