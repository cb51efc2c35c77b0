package dev.frozen.cli;

import dev.frozen.UsageError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the extract verb lands. */
@Command(name = "extract", mixinStandardHelpOptions = true, description = "Not available yet.")
public final class ExtractCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageError("'extract' is not implemented yet");
    }
}
