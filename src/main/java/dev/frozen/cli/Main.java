package dev.frozen.cli;

import dev.frozen.FrozenError;
import dev.frozen.FrozenHome;
import dev.frozen.Plain;
import dev.frozen.features.DistributedExtraction;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point: dispatches to verb subcommands and turns every failure into a one-line message and exit code. */
@Command(
        name = "frozen",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Transfer learning with a frozen VGG16 base: extract features once, then fit and compare heads.",
            "",
            "Typical flow:",
            "  frozen extract                      # cache block5_pool features of CIFAR-10 under features/",
            "  frozen fit --head logreg            # train a head on the cached features",
            "  frozen fit --head svm",
            "  frozen fit --head dense",
            "  frozen compare                      # accuracy table across runs",
            "  frozen run pipelines/article.yaml   # all of the above from one file",
            "  frozen verify                       # check cached features; frozen cache prune frees space",
            ""
        },
        subcommands = {
            ExtractCommand.class,
            FitCommand.class,
            CompareCommand.class,
            PredictCommand.class,
            ExportCommand.class,
            RunCommand.class,
            VerifyCommand.class,
            RunsCommand.class,
            CacheCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:data or runtime error", "2:usage error"})
public final class Main extends Group {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces and extra diagnostics on failure.")
    boolean verbose;

    /** The cache folder every verb uses; verbs reach it through {@code @ParentCommand}. */
    private final FrozenHome home;

    /** The environment ({@code System::getenv} outside tests), for {@code FROZEN_FEATURES_DIR}. */
    private final java.util.function.Function<String, String> env;

    /**
     * Where {@code --spark} and Hadoop URIs go: {@link DistributedExtraction#find()} outside tests. Asked only on
     * those paths, so that other commands never look for (or load) Spark.
     */
    private final java.util.function.Supplier<DistributedExtraction> distributed;

    /** How messages show a setting the core names by its key: flags, unless a verb says otherwise ({@code run}). */
    private java.util.function.UnaryOperator<String> naming = dev.frozen.Setting.FLAGS;

    Main(FrozenHome home, java.util.function.Function<String, String> env) {
        this(home, env, DistributedExtraction::find);
    }

    Main(FrozenHome home, java.util.function.Function<String, String> env,
            java.util.function.Supplier<DistributedExtraction> distributed) {
        this.home = home;
        this.env = env;
        this.distributed = distributed;
    }

    DistributedExtraction distributed() {
        return distributed.get();
    }

    /** From now on, messages name settings as {@code naming} does (a pipeline run names them by their YAML keys). */
    void nameSettings(java.util.function.UnaryOperator<String> naming) {
        this.naming = naming;
    }

    /** {@code out} showing each setting that the core names by its key as this run names it. */
    java.io.PrintStream rendering(java.io.PrintStream out) {
        return dev.frozen.Setting.rendering(out, () -> naming);
    }

    FrozenHome home() {
        return home;
    }

    /** {@code $FROZEN_FEATURES_DIR} when set and not blank, else null. */
    String featuresDirFromEnv() {
        String value = env.apply(FeaturesDirOption.ENV);
        return value == null || value.isBlank() ? null : value.strip();
    }

    public static void main(String[] args) {
        String platform = Platform.current(); // before anything loads a native library
        if (platform != null) {
            System.err.println("error: " + platform);
            System.exit(1);
        }
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        String message = interruptedMessage(args);
        // Ctrl-C (SIGINT, exit 130) or SIGTERM runs shutdown hooks before the command ends: say what it means.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished.get()) {
                System.err.println();
                System.err.println(message);
                System.err.flush();
            }
        }, "frozen-interrupted"));
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        finished.set(true);
        System.exit(code);
    }

    /** extract and run keep every finished batch (and run its finished heads), so a rerun resumes; others restart. */
    static String interruptedMessage(String[] args) {
        String verb = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
        if (verb.equals("extract") && java.util.Arrays.asList(args).contains("--force")) {
            return "interrupted; rerun the same command without --force to resume (finished batches are kept; "
                    + "--force would discard them)";
        }
        return verb.equals("extract") || verb.equals("run")
                ? "interrupted; rerun the same command to resume (finished batches are kept)"
                : "interrupted; nothing partial was kept, rerun the same command to start again";
    }

    /** Runs the CLI with the given streams and the user's {@link FrozenHome#fromEnvironment() cache folder}. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, FrozenHome.fromEnvironment());
    }

    /** Runs the CLI with the given streams and cache folder and returns the exit code; tests call this directly. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, FrozenHome home) {
        return execute(args, out, err, home, System::getenv);
    }

    /** As {@link #execute(String[], PrintWriter, PrintWriter, FrozenHome)} with the environment given (tests). */
    static int execute(String[] args, PrintWriter out, PrintWriter err, FrozenHome home,
            java.util.function.Function<String, String> env) {
        return execute(args, out, err, new Main(home, env));
    }

    /** As {@link #execute(String[], PrintWriter, PrintWriter, FrozenHome)} with the distributed extraction given (tests). */
    static int execute(String[] args, PrintWriter out, PrintWriter err, FrozenHome home, DistributedExtraction distributed) {
        return execute(args, out, err, new Main(home, System::getenv, () -> distributed));
    }

    private static int execute(String[] args, PrintWriter out, PrintWriter err, Main main) {
        // Everything printed through these shows the settings that the core names by key as this run names them.
        PrintWriter shownOut = RenderedText.writer(out, () -> main.naming);
        PrintWriter shownErr = RenderedText.writer(err, () -> main.naming);
        CommandLine cli = new CommandLine(main);
        cli.setUsageHelpWidth(110); // the descriptions are written for 110 columns
        cli.setOut(shownOut);
        cli.setErr(shownErr);
        cli.setExitCodeExceptionMapper(t -> t instanceof FrozenError fe ? fe.exitCode() : 1);
        cli.setParameterExceptionHandler((ex, a) -> {
            shownErr.println("error: " + ex.getMessage());
            CommandLine sub = ex.getCommandLine();
            shownErr.println("Run '" + sub.getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
            if (verbose) {
                ex.printStackTrace(shownErr);
            }
            if (ex instanceof dev.frozen.InvalidOption io) { // domain code names keys; the command line, flags
                shownErr.println("error: " + Plain.sanitize(io.as(main.naming.apply(io.key()))));
                return io.exitCode();
            }
            if (ex instanceof dev.frozen.experiments.pipeline.PipelineProblems pp) { // one line per problem
                shownErr.println("error: " + pp.lines().size() + " problems:");
                pp.lines().forEach(line -> shownErr.println("  " + Plain.sanitize(line)));
                return pp.exitCode();
            }
            if (ex instanceof FrozenError fe) {
                shownErr.println("error: " + Plain.sanitize(message(fe)));
                return fe.exitCode();
            }
            shownErr.println("error: " + describe(ex) + (verbose ? "" : " (rerun with --verbose for details)"));
            return 1;
        });
        cli.setExecutionStrategy(parseResult -> {
            checkFolderOptions(parseResult, main.featuresDirFromEnv());
            return new CommandLine.RunLast().execute(parseResult);
        });
        String locale = localeProblem(args, System.getProperty("sun.jnu.encoding", "UTF-8"));
        if (locale != null) {
            shownErr.println("error: " + locale);
            return 2;
        }
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // picocli passes Errors through; they still get one plain line (the stack trace only with --verbose).
            if (java.util.Arrays.asList(args).contains("--verbose")) {
                e.printStackTrace(err);
            }
            shownErr.println("error: " + (e instanceof OutOfMemoryError ? Plain.describe(e)
                    : "the input is nested too deeply to process") + " (rerun with --verbose for details)");
            return 1;
        } finally {
            shownOut.flush();
            shownErr.flush();
        }
    }

    /**
     * One check for every verb's {@code --features-dir} (given, from {@code $FROZEN_FEATURES_DIR}, or default), before
     * the verb runs: an empty value would silently mean the current folder, and an existing file can never hold entries.
     */
    private static void checkFolderOptions(CommandLine.ParseResult parseResult, String envFeaturesDir) {
        CommandLine.ParseResult last = parseResult;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        if (last.isUsageHelpRequested() || last.isVersionHelpRequested()) {
            return;
        }
        CommandLine.Model.OptionSpec option = last.commandSpec().findOption("--features-dir");
        if (option == null) {
            return;
        }
        if (envFeaturesDir != null && !last.hasMatchedOption("--features-dir") && option.defaultValue() != null) {
            option.setValue(envFeaturesDir); // the flag wins over $FROZEN_FEATURES_DIR, which wins over ./features
        }
        Object value = option.getValue();
        if (value == null) {
            return; // optional and not given: the verb uses its own default
        }
        String text = value.toString();
        if (text.isBlank()) {
            throw new CommandLine.ParameterException(last.commandSpec().commandLine(),
                    "--features-dir expects a folder, found an empty value (use --features-dir . for the current folder)");
        }
        boolean hadoopWriter = last.commandSpec().name().equals("extract") && last.hasMatchedOption("--spark");
        if (dev.frozen.LocalPaths.isOtherUri(text)) {
            if (hadoopWriter) {
                return;
            }
            throw new CommandLine.ParameterException(last.commandSpec().commandLine(), "--features-dir expects a local (or "
                    + "NFS) folder here, found the URI '" + text + "'; Hadoop URIs are for 'extract --spark': copy an entry "
                    + "into a local folder with 'frozen cache pull --from " + text + "'");
        }
        java.nio.file.Path dir;
        try {
            dir = dev.frozen.LocalPaths.parse(text, "--features-dir", null); // file: URIs name the local folder
        } catch (dev.frozen.UsageError e) {
            throw new CommandLine.ParameterException(last.commandSpec().commandLine(), e.getMessage());
        }
        if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(last.commandSpec().commandLine(),
                    "--features-dir expects a folder, found a file that is not a folder: " + dir);
        }
    }

    /** What to set when file names cannot hold non-ASCII characters (Java 17 takes their encoding from the locale). */
    static final String LOCALE_FIX = "this locale encodes file names as ASCII; run with LC_ALL=C.UTF-8 (./frozen sets it "
            + "when the locale is C or POSIX and C.UTF-8 exists)";

    /**
     * A one-line error when an argument has characters that file names cannot hold under {@code jnuEncoding} (under
     * LANG=C the JVM decodes "données" as "donn??es", and every path built from it fails later), else null.
     */
    static String localeProblem(String[] args, String jnuEncoding) {
        java.nio.charset.Charset charset;
        try {
            charset = java.nio.charset.Charset.forName(jnuEncoding);
        } catch (RuntimeException e) {
            return null;
        }
        if (charset.equals(java.nio.charset.StandardCharsets.UTF_8)) {
            return null;
        }
        for (String arg : args) {
            if (arg.indexOf('\uFFFD') >= 0 || !charset.newEncoder().canEncode(arg)) {
                return "the argument '" + arg + "' has characters that are not ASCII, and " + LOCALE_FIX;
            }
        }
        return null;
    }

    /** The message of {@code fe}, with the command its advice names spelled out (an extraction to run again). */
    private static String message(FrozenError fe) {
        if (fe instanceof dev.frozen.features.ExtractAgain again && again.hint() != null) {
            return fe.getMessage() + "; run '" + ExtractCommandLine.of(again.hint()) + "'";
        }
        return fe.getMessage();
    }

    /** An unexpected failure in plain words: the innermost cause, never a Java class name. */
    private static String describe(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof FrozenError) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof FrozenError fe) {
            return Plain.sanitize(message(fe));
        }
        if (root instanceof java.nio.file.InvalidPathException bad && bad.getMessage().contains("unmappable")) {
            return "the path '" + bad.getInput() + "' cannot be named: " + LOCALE_FIX;
        }
        return Plain.describe(root);
    }
}
