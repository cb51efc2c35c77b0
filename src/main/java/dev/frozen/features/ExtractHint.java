package dev.frozen.features;

import java.nio.file.Path;

/**
 * The advice "extract this entry again at {@code layer}, with every other setting from its manifest", as a value:
 * the command line spells it out as a {@code frozen extract} command (data, weights, input size, preprocessing,
 * pooling, precision and features folder, so that it never falls back to the defaults, which would download CIFAR-10
 * and the ImageNet weights).
 */
public record ExtractHint(Manifest manifest, Path featuresDir, String layer) {}
