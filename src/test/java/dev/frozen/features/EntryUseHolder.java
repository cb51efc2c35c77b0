package dev.frozen.features;

import java.nio.file.Path;

/** A child process for tests: holds a shared claim on the entry folder given as argument until its stdin closes. */
public final class EntryUseHolder {
    private EntryUseHolder() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        FeatureEntry entry = FeatureStore.find(dir.getParent(), dir.getFileName().toString()).orElseThrow();
        try (EntryUse use = EntryUse.shared(entry)) {
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
