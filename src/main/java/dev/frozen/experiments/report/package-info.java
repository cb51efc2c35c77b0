/**
 * Reporting on recorded runs: {@link dev.frozen.experiments.report.CompareLoader} loads and groups them,
 * {@link dev.frozen.experiments.report.CompareReport} computes ranks, intervals and McNemar ties,
 * {@link dev.frozen.experiments.report.CompareTable} and {@link dev.frozen.experiments.report.ComparePlots} render them,
 * and {@link dev.frozen.experiments.report.FreezeSweepReport} reads a freeze sweep.
 *
 * <p>May import {@code dev.frozen}, {@code features}, {@code heads} (a kind's summary) and {@code experiments.runs},
 * plus value types of {@code experiments.fit}; never {@code backbone}, {@code data} or {@code experiments.pipeline}:
 * a report reads records and never fits. A new output format touches only the rendering classes.
 */
package dev.frozen.experiments.report;
