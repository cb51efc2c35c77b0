package dev.frozen.cli;

import dev.frozen.UsageError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the compare verb lands. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "Not available yet.")
public final class CompareCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageError("'compare' is not implemented yet");
    }
}
