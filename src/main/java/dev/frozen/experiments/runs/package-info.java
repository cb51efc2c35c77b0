/**
 * The run store: one {@link dev.frozen.experiments.runs.RunRecord} per fit (built with
 * {@link dev.frozen.experiments.runs.RunRecord#builder()}), written and found by
 * {@link dev.frozen.experiments.runs.RunStore}, the per-row test answers beside it
 * ({@link dev.frozen.experiments.runs.TestPredictions}), whether a run still matches its entry
 * ({@link dev.frozen.experiments.runs.Staleness}) and cleaning up ({@link dev.frozen.experiments.runs.Housekeeping}).
 *
 * <p>May import {@code dev.frozen} and {@code features} (a run points at a cached entry); never {@code backbone},
 * {@code data}, {@code heads} or the other experiments rooms, so reading records never loads a model. A new record
 * field goes into {@code RunRecord} and its builder only; the JSON keys stay stable for old run files.
 */
package dev.frozen.experiments.runs;
