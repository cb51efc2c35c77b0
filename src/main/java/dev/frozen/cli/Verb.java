package dev.frozen.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A top-level verb of {@code frozen}: picocli injects the {@link Main} command it runs under (for the cache folder,
 * {@link dev.frozen.FrozenHome}) and its own spec (for usage errors that show its help).
 */
abstract class Verb implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;
}
