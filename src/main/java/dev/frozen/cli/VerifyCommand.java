package dev.frozen.cli;

import dev.frozen.UsageError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the verify verb lands. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Not available yet.")
public final class VerifyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageError("'verify' is not implemented yet");
    }
}
