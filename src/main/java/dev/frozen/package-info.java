/**
 * Shared plumbing used by every layer: the error types ({@link dev.frozen.UsageError} exit 2,
 * {@link dev.frozen.DataError} exit 1), plain-words error text ({@link dev.frozen.Plain}, {@link dev.frozen.IoErrors}),
 * atomic publishing ({@link dev.frozen.AtomicFiles}), the one JSON mapper, progress bars and versions.
 *
 * <p>May import only the JDK and Jackson; every other package may import this one. Add here only what two or more
 * packages need and what knows nothing of VGG16, features or heads.
 */
package dev.frozen;
