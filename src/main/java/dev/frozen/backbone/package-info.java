/**
 * The frozen VGG16 convolutional base: the Keras H5 weight loader (both naming styles, shapes and finiteness
 * checked), preprocessing as Keras defines it, and the two engines ({@code onednn} default, {@code nd4j}
 * cross-check) that compute a layer's activations for a batch of images.
 *
 * <p>May import {@code dev.frozen} and {@code dev.frozen.data}. A new engine implements
 * {@link dev.frozen.backbone.FrozenBase} and must agree with the plain-loop reference in the tests.
 */
package dev.frozen.backbone;
