/**
 * The native training engine: VGG16's blocks above a cached pool layer trained through oneDNN's forward-training
 * and backward primitives ({@link dev.frozen.training.OneDnnBlocks}), and a dense softmax top trained through
 * oneDNN's sgemm with DL4J's own Adam and dropout ({@link dev.frozen.training.NativeTop}). The forward-only engine
 * of the frozen base lives in {@code backbone}; the head that drives this one is {@code heads.FastFineTune}.
 *
 * <p>May import {@code dev.frozen}, {@code backbone} (VGG16's geometry and the shared oneDNN helpers), DL4J, ND4J
 * and oneDNN; never {@code heads}, {@code features}, {@code experiments}, {@code spark} or {@code cli}, so the
 * engine knows nothing of options records, feature sets or runs. A new trainable layer type or precision goes
 * here, with a test of its gradients against DL4J or the fp32 path; how a head uses it goes in {@code heads}.
 */
package dev.frozen.training;
