package dev.frozen.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands ({@code frozen}, {@code cache}, {@code runs}): alone it is a usage error. */
abstract class Group implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: expected one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
