package dev.frozen.cli;

import dev.frozen.UsageError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the fit verb lands. */
@Command(name = "fit", mixinStandardHelpOptions = true, description = "Not available yet.")
public final class FitCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageError("'fit' is not implemented yet");
    }
}
