package dev.frozen.experiments.pipeline;

import dev.frozen.UsageError;
import java.util.List;

/**
 * Every problem found in one pipeline file, reported at once so that a user fixes them in one go; each is its own
 * {@code file:line: key: ...} line, in file order.
 */
public final class PipelineProblems extends UsageError {
    private final List<String> lines;

    PipelineProblems(List<String> lines) {
        super(lines.size() + " problems: " + String.join("; ", lines));
        this.lines = List.copyOf(lines);
    }

    public List<String> lines() {
        return lines;
    }
}
