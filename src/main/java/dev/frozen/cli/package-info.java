/**
 * Thin picocli commands, one per verb, and the one exception handler that maps
 * {@link dev.frozen.UsageError} to exit 2 and {@link dev.frozen.DataError} to exit 1 with a one-line message.
 *
 * <p>May import every package; nothing outside {@code cli} imports it. A command parses and checks its options,
 * calls one entry point in {@code experiments} or {@code features}, and prints the result.
 * Everything it prints goes through {@link dev.frozen.cli.RenderedText} (the core's logs through
 * {@link dev.frozen.Setting#rendering}), which shows each setting the core names by key as a flag ({@code frozen run}:
 * as its pipeline key); suggested commands are spelled out here ({@link dev.frozen.cli.ExtractCommandLine}).
 *
 * <p>A new verb extends {@code Verb} (it gets the {@code Main} it runs under and {@code out()}/{@code err()}), a
 * subcommand extends {@code Task}, a command that only groups subcommands extends {@code Group}; register it in
 * {@code Main}'s subcommand list.
 */
package dev.frozen.cli;
