package dev.frozen.bench;

import java.nio.file.Path;
import java.util.List;

/** Where the Python peer scripts live and the environment their processes start in. */
final class Peers {
    private Peers() {}

    /**
     * A peer's process, with stderr joined to stdout, in the environment its users run it in: the launcher's own
     * OpenBLAS setting ({@code OPENBLAS_THREAD_TIMEOUT}, see {@code ./frozen}) is frozen's tuning, so the peer
     * does not inherit it unless the user set it.
     */
    static ProcessBuilder process(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (System.getenv("FROZEN_OPENBLAS_TIMEOUT_DEFAULTED") != null) {
            pb.environment().remove("OPENBLAS_THREAD_TIMEOUT");
        }
        pb.environment().remove("FROZEN_OPENBLAS_TIMEOUT_DEFAULTED");
        return pb;
    }

    /**
     * A command line's options from keys and values in turn ({@code "trainable_blocks", 2} is
     * {@code --trainable-blocks 2}); a {@code null} value leaves a bare switch. Keys, not flags, so the one naming
     * rule of {@link dev.frozen.Setting#FLAGS} spells frozen's flags and the peers' alike.
     */
    static List<String> options(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected keys and values in pairs, found " + keysAndValues.length + " items");
        }
        List<String> line = new java.util.ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            line.add(dev.frozen.Setting.FLAGS.apply((String) keysAndValues[i]));
            if (keysAndValues[i + 1] != null) {
                line.add(String.valueOf(keysAndValues[i + 1]));
            }
        }
        return line;
    }

    /** The project folder (the peers' scripts are under src/bench/python there). */
    static Path projectRoot() {
        try {
            Path code = Path.of(Peers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().getParent(); // target/frozen.jar or target/classes
        } catch (java.net.URISyntaxException e) {
            return Path.of(".").toAbsolutePath();
        }
    }
}
