package dev.frozen.cli;

import dev.frozen.FrozenHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the CLI in-process and captures its exit code, stdout and stderr. */
public record CliRun(int code, String out, String err) {
    /**
     * Runs with a cache folder private to this test JVM, never the user's {@code ~/.cache/frozen}; tests that look
     * into the cache folder use {@link #in}.
     */
    public static CliRun of(String... args) {
        return in(Scratch.HOME, args);
    }

    /** Runs with {@code home} as the cache folder (downloads, unpacked archives, generated data, hashes). */
    public static CliRun in(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), new FrozenHome(home));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** As {@link #in}, with {@code --spark} and Hadoop URIs going to {@code distributed} instead of the one found. */
    public static CliRun in(Path home, dev.frozen.features.DistributedExtraction distributed, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), new FrozenHome(home),
                distributed);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** A one-line error without a stack trace, as users see it. */
    public boolean cleanError() {
        return err.startsWith("error: ") && !err.contains("\tat ") && !err.contains("Exception:");
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }

    private static final class Scratch {
        static final Path HOME;

        static {
            try {
                HOME = Files.createTempDirectory("frozen-test-home-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
