/**
 * Fitting a head on a cached entry: the split and folds ({@link dev.frozen.experiments.fit.StratifiedSplit},
 * {@link dev.frozen.experiments.fit.StratifiedFolds}), the search and refit ({@link dev.frozen.experiments.fit.Fitter},
 * {@link dev.frozen.experiments.fit.MultiSeedFit}), evaluation, augmented training rows, and prediction with a
 * recorded run ({@link dev.frozen.experiments.fit.Predictor}).
 *
 * <p>May import {@code dev.frozen}, {@code data}, {@code backbone}, {@code features}, {@code heads} and
 * {@code experiments.runs} (a fit ends in a run record); never {@code experiments.report} or
 * {@code experiments.pipeline}. A new step of fitting goes here; how its result is shown goes to {@code report}.
 */
package dev.frozen.experiments.fit;
