package dev.frozen.cli;

import picocli.CommandLine.ParentCommand;

/**
 * A top-level verb of {@code frozen}: picocli injects the {@link Main} command it runs under (for the cache folder,
 * {@link dev.frozen.FrozenHome}) besides its own spec (for usage errors that show its help).
 */
abstract class Verb extends Task {
    @ParentCommand
    Main main;
}
