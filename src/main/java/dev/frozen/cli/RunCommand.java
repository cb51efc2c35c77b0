package dev.frozen.cli;

import dev.frozen.UsageError;
import dev.frozen.backbone.FrozenBase;
import dev.frozen.backbone.WeightsSpec;
import dev.frozen.experiments.report.CompareLoader;
import dev.frozen.experiments.pipeline.Pipeline;
import dev.frozen.experiments.pipeline.PipelineHeads;
import dev.frozen.experiments.pipeline.PipelineRunner;
import dev.frozen.experiments.report.ReportFormat;
import dev.frozen.heads.HeadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code frozen run}: validates a pipeline file as a whole, then extracts, fits every head and reports. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run a whole experiment from a pipeline file.",
            "",
            "Extracts (reusing the cache), fits every head, compares, and writes a Markdown report with PNG charts",
            "to <features-dir>/reports/<name>/. --check prints the plan (each extraction and the heads fitted on it).",
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
public final class RunCommand extends Verb {
    @Parameters(index = "0", paramLabel = "PIPELINE", description = "A pipeline YAML file, e.g. pipelines/article.yaml.")
    Path file;

    @Option(names = "--data", paramLabel = "PATH", description = "Override the pipeline's dataset location (offline runs).")
    String data;

    @Option(names = "--weights", paramLabel = "SPEC", description = "Override the pipeline's weights: imagenet, a .h5 path or random:SEED.")
    String weights;

    @Option(names = "--features-dir", paramLabel = "DIR", description = "Override where feature entries and reports go "
            + "(else the file's features_dir, else $FROZEN_FEATURES_DIR, else ./features).")
    String featuresDir;

    @Option(names = "--engine", defaultValue = dev.frozen.features.ExtractionDefaults.ENGINE, paramLabel = "ENGINE",
            description = "Extraction engine: onednn (default) or nd4j.")
    String engine;

    @Option(names = "--rehash", description = "Hash the dataset's files from their content instead of trusting "
            + "remembered hashes of unchanged files (see 'frozen extract --help').")
    boolean rehash;

    @Option(names = "--seeds", paramLabel = "N",
            description = "Override every head's seeds: train each setting with N seeds (see 'frozen fit --help').")
    Integer seeds;

    @Option(names = "--check", description = "Validate the pipeline and print the plan; do no work.")
    boolean check;

    @Override
    public Integer call() {
        main.nameSettings(dev.frozen.experiments.pipeline.PipelineKeys::name); // a pipeline's problems name its YAML keys
        Pipeline loaded = Pipeline.load(file);
        // --features-dir, else the file's features_dir when it names one, else $FROZEN_FEATURES_DIR, else ./features.
        String envDir = main.featuresDirFromEnv();
        String dirOverride = featuresDir != null ? featuresDir
                : envDir != null && loaded.featuresDir().equals(dev.frozen.features.ExtractionDefaults.FEATURES_DIR) ? envDir : null;
        Pipeline pipeline = loaded.withOverrides(data, weights, dirOverride);
        FrozenBase.Engine eng = FrozenBase.Engine.parse(engine);
        dev.frozen.experiments.pipeline.PipelineChecks.weights(pipeline, weights != null, main.home());
        if (pipeline.dataset().data() != null && !Files.exists(Path.of(pipeline.dataset().data()))) {
            throw new UsageError("dataset path " + pipeline.dataset().data() + " (from " + (data != null ? "--data" : file)
                    + ") does not exist");
        }
        // Every head's problems are reported together, as the file's own are.
        List<HeadSpec> heads = new ArrayList<>();
        List<UsageError> problems = new ArrayList<>();
        for (Pipeline.HeadEntry h : pipeline.heads()) {
            try {
                HeadSpec spec = PipelineHeads.spec(pipeline, h);
                heads.add(seeds == null ? spec : withSeeds(spec, seeds));
            } catch (UsageError e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw Pipeline.all(problems);
        }
        dev.frozen.experiments.pipeline.PipelineChecks.beforeWork(pipeline, heads, main.home());
        if (check) {
            PipelineRunner.plan(pipeline, heads).forEach(out()::println);
            out().println("pipeline is valid; --check given, so nothing was run");
            return 0;
        }
        List<String> plan = PipelineRunner.plan(pipeline, heads);
        out().println(plan.get(0) + ": " + plan.get(plan.size() - 1) + " (see --check for the plan)");
        out().flush();
        Path featuresAbs = Path.of(pipeline.featuresDir()).toAbsolutePath().normalize();
        System.err.println("features folder: " + featuresAbs + (Files.isDirectory(featuresAbs) ? "" : " (new: created now)"));
        main.home().rememberFeaturesDir(featuresAbs);
        PipelineRunner.Result result = PipelineRunner.run(pipeline, heads, eng, rehash, main.home(), main.rendering(System.err));
        out().println();
        out().print(CompareLoader.ofRecorded(result.runs(), java.nio.file.Path.of(pipeline.featuresDir())).render(ReportFormat.TABLE,
                CompareCommand.widthFrom(System.getenv("COLUMNS"))));
        out().println();
        out().println("report: " + result.report());
        if (WeightsSpec.parse(pipeline.backbone().weights(), main.home()).isRandom()) {
            out().println("note: random weights: these accuracies are meaningless; the run only checks the installation");
        }
        return 0;
    }

    private static HeadSpec withSeeds(HeadSpec spec, int n) {
        try {
            return spec.withSeeds(n);
        } catch (dev.frozen.InvalidOption e) {
            throw new UsageError(e.asFlag());
        }
    }
}
