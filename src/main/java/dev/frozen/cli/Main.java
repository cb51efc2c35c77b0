package dev.frozen.cli;

import dev.frozen.FrozenError;
import dev.frozen.Plain;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point: dispatches to verb subcommands and turns every failure into a one-line message and exit code. */
@Command(
        name = "frozen",
        mixinStandardHelpOptions = true,
        versionProvider = Versions.Provider.class,
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
            ""
        },
        subcommands = {
            ExtractCommand.class,
            FitCommand.class,
            CompareCommand.class,
            PredictCommand.class,
            RunCommand.class,
            VerifyCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:data or runtime error", "2:usage error"})
public final class Main implements Runnable {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces and extra diagnostics on failure.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: expected one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit code; tests call this directly. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setUsageHelpWidth(110); // the descriptions are written for 110 columns
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(t -> t instanceof FrozenError fe ? fe.exitCode() : 1);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + ex.getMessage());
            CommandLine sub = ex.getCommandLine();
            err.println("Run '" + sub.getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
            if (verbose) {
                ex.printStackTrace(err);
            }
            if (ex instanceof FrozenError fe) {
                err.println("error: " + Plain.sanitize(fe.getMessage()));
                return fe.exitCode();
            }
            err.println("error: " + describe(ex) + (verbose ? "" : " (rerun with --verbose for details)"));
            return 1;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // picocli passes Errors through; they still get one plain line (the stack trace only with --verbose).
            if (java.util.Arrays.asList(args).contains("--verbose")) {
                e.printStackTrace(err);
            }
            err.println("error: " + (e instanceof OutOfMemoryError ? Plain.describe(e)
                    : "the input is nested too deeply to process") + " (rerun with --verbose for details)");
            return 1;
        }
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
            return Plain.sanitize(fe.getMessage());
        }
        return Plain.describe(root);
    }
}
