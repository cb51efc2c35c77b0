/**
 * Classifiers trained on feature rows: the {@link dev.frozen.heads.Head} interface and its kinds (LIBLINEAR and
 * Smile SVMs, multinomial logistic regression on L-BFGS, the Deeplearning4j dense network with optional
 * trainable VGG16 blocks), their options records and saved form.
 *
 * <p>May import {@code dev.frozen}, {@code backbone} (to rebuild trainable blocks), {@code features} (row
 * sets) and {@code training} (the native oneDNN engine that {@code FastFineTune} drives for the dense head);
 * never experiments or cli. Each kind's knowledge has one home: {@link dev.frozen.heads.HeadKind} says, per
 * kind, which option keys it has, how a setting is built from text ({@code of(Map)}, the inverse of
 * {@code params()}), its {@code --search} grid, how it trains, loads ({@code model_type} in head.json) and reads in
 * a table. Options records validate themselves and throw {@link dev.frozen.heads.InvalidOption} with the key's
 * name; the command line and pipelines render it as a flag or as {@code file:line: heads.key}.
 *
 * <p>A new head: its options record (with {@code KEYS}, {@code of}, {@code searchGrid}, {@code summary}), trainer
 * and model class (with a {@code MODEL_TYPE}) here, and one constant in {@code HeadKind}. Pipelines take its keys
 * at once; on the command line, {@code FitCommand} needs one {@code @Option} per new key (its flag is the key with
 * {@code -} for {@code _}) and one line in {@code given()}; then a line in the README.
 */
package dev.frozen.heads;

import dev.frozen.InvalidOption;
