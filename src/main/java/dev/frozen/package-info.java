/**
 * Shared plumbing used by every layer: the error types ({@link dev.frozen.UsageError} exit 2,
 * {@link dev.frozen.DataError} exit 1), plain-words error text ({@link dev.frozen.Plain}, {@link dev.frozen.IoErrors}),
 * atomic publishing ({@link dev.frozen.AtomicFiles}), the one JSON mapper, progress bars and versions.
 * Messages name a setting by its key with {@link dev.frozen.Setting}; only the edges (cli, the pipeline runner)
 * render it as a flag or a pipeline key, so no other package spells a {@code --flag} (a test scans for it).
 *
 * <p>May import only the JDK and Jackson; every other package may import this one. Add here only what two or more
 * packages need and what knows nothing of VGG16, features or heads.
 */
package dev.frozen;
