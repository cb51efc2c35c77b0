/**
 * Classifiers trained on feature rows: the {@link dev.frozen.heads.Head} interface and its kinds (LIBLINEAR and
 * Smile SVMs, multinomial logistic regression on L-BFGS, the Deeplearning4j dense network with optional
 * trainable VGG16 blocks, exact k-nearest neighbours), their options and saved form.
 *
 * <p>May import {@code dev.frozen}, {@code backbone} (to rebuild trainable blocks) {@code features} (row
 * sets) and {@code training} (the native oneDNN engine that {@code FastFineTune} drives); never experiments or cli. Each kind describes itself: its options file declares each option once
 * ({@link dev.frozen.heads.HeadOption}: key, type, default, range, help, search grid, summary), from which the
 * {@code fit} flags, pipeline keys, validation, {@code params()} order, the default {@code --search} grid and the
 * compare summary are derived; its {@link dev.frozen.heads.HeadKind} subclass says how it trains and loads
 * ({@code model_type} in head.json) and holds the steps of fitting that differ by kind (memory and layer checks,
 * kept epoch, refit). Options validate themselves and throw {@link dev.frozen.InvalidOption} with the key's name;
 * the command line and pipelines render it as a flag or as {@code file:line: heads.key}.
 *
 * <p>A new head: its options class (with {@code DECLARED}), trainer, model class and kind class here, and one line
 * in {@link dev.frozen.heads.HeadKinds#ALL}, the only list of kinds. A new option: one declaration in its options
 * file (docs/heads.md, "Adding a head or an option").
 */
package dev.frozen.heads;

import dev.frozen.InvalidOption;
