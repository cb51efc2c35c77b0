package dev.frozen.experiments;

import java.nio.file.Path;

/** Where a fit's features came from (recorded in the run record) and the runs folder its outputs go to. */
public record FitTarget(String featuresEntry, String layer, int inputSize, Path runsDir) {}
