/**
 * Datasets as labelled RGB images: the strict CIFAR-10 binary reader, image folders decoded as Pillow decodes
 * them ({@link dev.frozen.data.ImageDecoder}), content fingerprints and the resumable, checksummed downloader. Readers
 * go through {@link dev.frozen.data.DataFiles} (local files here; Hadoop file systems in {@code dev.frozen.spark}), so
 * their rules do not depend on where the files are.
 *
 * <p>May import only {@code dev.frozen} and the JDK. A new dataset format: extend
 * {@code FileDataset} (an {@link dev.frozen.data.ImageDataset} over {@link dev.frozen.data.DataFiles}) here and name it
 * in {@link dev.frozen.data.Datasets#open}.
 */
package dev.frozen.data;
