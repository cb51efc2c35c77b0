/**
 * Classifiers trained on feature rows: the {@link dev.frozen.heads.Head} interface and its kinds (LIBLINEAR and
 * Smile SVMs, multinomial logistic regression on L-BFGS, the Deeplearning4j dense network with optional
 * trainable VGG16 blocks), their options records and saved form.
 *
 * <p>May import {@code dev.frozen}, {@code backbone} (to rebuild trainable blocks) and {@code features} (row
 * sets); never experiments or cli. A new head: its options record, trainer and model here, one entry in
 * {@link dev.frozen.heads.HeadKind}, then its flags in the {@code fit} command and a line in the README.
 */
package dev.frozen.heads;
