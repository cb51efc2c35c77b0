package dev.frozen.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that does work (not a {@link Group}): picocli injects its spec, and it prints through its command line's
 * writers, which tests capture.
 */
abstract class Task implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
