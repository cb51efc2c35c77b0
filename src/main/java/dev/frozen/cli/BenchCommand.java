package dev.frozen.cli;

import dev.frozen.UsageError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the bench verb lands. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Not available yet.")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageError("'bench' is not implemented yet");
    }
}
