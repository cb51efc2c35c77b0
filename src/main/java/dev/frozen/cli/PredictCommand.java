package dev.frozen.cli;

import dev.frozen.UsageError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the predict verb lands. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Not available yet.")
public final class PredictCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageError("'predict' is not implemented yet");
    }
}
