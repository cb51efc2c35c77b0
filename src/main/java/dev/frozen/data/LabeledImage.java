package dev.frozen.data;

/** An image with its class index; {@code source} names where it came from, for error messages. */
public record LabeledImage(RgbImage image, int label, String source) {}
