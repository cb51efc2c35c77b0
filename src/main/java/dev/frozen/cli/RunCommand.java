package dev.frozen.cli;

import dev.frozen.UsageError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the run verb lands. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Not available yet.")
public final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageError("'run' is not implemented yet");
    }
}
