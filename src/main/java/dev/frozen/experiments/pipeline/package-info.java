/**
 * Pipelines: a strict YAML file ({@link dev.frozen.experiments.pipeline.Pipeline}, parsed with
 * {@link dev.frozen.experiments.pipeline.StrictYaml}) describes extractions, heads and reports, checked before any
 * work ({@link dev.frozen.experiments.pipeline.PipelineChecks}) and run by
 * {@link dev.frozen.experiments.pipeline.PipelineRunner}.
 *
 * <p>May import every package but {@code cli} and {@code spark}, including the other experiments rooms; none of
 * them imports it. A new pipeline key goes into {@code Pipeline}, its check into {@code PipelineChecks}.
 */
package dev.frozen.experiments.pipeline;
