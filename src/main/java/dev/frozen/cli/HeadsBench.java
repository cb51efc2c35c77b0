package dev.frozen.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/** The heads part of {@code frozen bench}; filled in with the heads. */
final class HeadsBench {
    private HeadsBench() {}

    static void run(PrintWriter out, int rows, String peer, int threads, Path dir, Path root) {
        out.println("heads: not measured yet");
    }
}
