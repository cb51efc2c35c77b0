/**
 * Experiments over cached features: fitting a head on an entry, run records and their store, evaluation,
 * the compare report and plots, prediction with a recorded run, pipelines and housekeeping.
 *
 * <p>May import every package but {@code cli}. Computation (evaluation, statistics) stays apart from rendering
 * (tables, Markdown, CSV, JSON, PNG), so a new output format touches only the report classes.
 */
package dev.frozen.experiments;
