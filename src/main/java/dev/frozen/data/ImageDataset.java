package dev.frozen.data;

import java.util.List;

/**
 * A labelled image dataset whose splits are read in a fixed, documented order. Reads are by row range
 * so that an interrupted extraction can resume at any batch boundary.
 */
public interface ImageDataset {
    /** {@code cifar10} or {@code folder}. */
    String kind();

    /** Short, filesystem-safe name used in feature entry names, e.g. {@code cifar10} or the folder's name. */
    String displayName();

    /** Class names; index i is label i. For folders they are sorted by name. */
    List<String> classNames();

    int size(Split split);

    /** Hex SHA-256 over the dataset's content (labels, pixels and order); equal content gives equal fingerprints. */
    String fingerprint();

    /** Human-readable location (path), for manifests and messages. */
    String location();

    /** Rows {@code [from, from + count)} of the split, in dataset order, decoded to RGB. */
    List<LabeledImage> read(Split split, int from, int count);
}
