/**
 * Thin picocli commands, one per verb, and the one exception handler that maps
 * {@link dev.frozen.UsageError} to exit 2 and {@link dev.frozen.DataError} to exit 1 with a one-line message.
 *
 * <p>May import every package; nothing outside {@code cli} imports it. A command parses and checks its options,
 * calls one entry point in {@code experiments} or {@code features}, and prints the result.
 */
package dev.frozen.cli;
