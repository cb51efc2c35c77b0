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
