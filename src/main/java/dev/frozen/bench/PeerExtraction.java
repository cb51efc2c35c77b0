package dev.frozen.bench;

import dev.frozen.DataError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The PyTorch peer of the extraction table: the same images through VGG16 in {@code src/bench/python/peer_torch.py}. */
final class PeerExtraction {
    private PeerExtraction() {}

    /** Images per wall-clock second of the peer's whole process (Python start included). */
    static double run(String peer, Path data, int size, int n, int cores, Path dir) throws IOException, InterruptedException {
        Path script = Peers.projectRoot().resolve("src/bench/python/peer_torch.py");
        if (!Files.isRegularFile(script)) {
            throw new DataError("expected the PyTorch peer script at " + script + ", found no such file");
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(peer, script.toString()));
        cmd.addAll(Peers.options("data", data, "random", 1, "size", size, "threads", cores, "out", dir.resolve("peer.f32")));
        long t0 = System.nanoTime();
        Process p = Peers.process(cmd).start();
        String output = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            throw new DataError("PyTorch peer failed with exit " + code + " (" + peer + " " + script + "): "
                    + output.lines().reduce((a, b) -> b).orElse(""));
        }
        return n / seconds;
    }
}
