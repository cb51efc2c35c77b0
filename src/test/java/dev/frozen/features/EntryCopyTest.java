package dev.frozen.features;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.cli.CliRun;
import dev.frozen.data.Fixtures;
import dev.frozen.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** frozen cache pull: a verified local copy of an entry on "shared" storage (another folder). */
class EntryCopyTest {
    @TempDir Path tmp;

    @Test
    void pullsAVerifiedCopyAndRefusesACorruptOne() throws Exception {
        Path data = Fixtures.cifarFolder(tmp, 3);
        Path shared = tmp.resolve("shared");
        CliRun made = CliRun.in(tmp.resolve("home"), "extract", "--data", data.toString(), "--features-dir", shared.toString(), "--input-size", "32",
                "--weights", "random:2");
        assertEquals(0, made.code(), made.toString());
        Path local = tmp.resolve("local");
        CliRun pull = CliRun.in(tmp.resolve("home"), "cache", "pull", "--from", "file:" + shared, "--features-dir", local.toString());
        assertEquals(0, pull.code(), pull.toString());
        assertTrue(pull.out().startsWith("pulled "), pull.out());
        FeatureEntry a = FeatureStore.list(shared).get(0);
        FeatureEntry b = FeatureStore.list(local).get(0);
        assertEquals(a.manifestSha256(), b.manifestSha256());
        assertArrayEquals(a.load(Split.TRAIN).labels(), b.load(Split.TRAIN).labels());
        CliRun again = CliRun.in(tmp.resolve("home"), "cache", "pull", "--from", shared.toString(), "--features-dir", local.toString());
        assertTrue(again.out().startsWith("already present"), again.out());

        // A flipped byte on the shared copy: the local copy fails its check and nothing is published.
        Path file = a.dir().resolve("train.arrow");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        Path other = tmp.resolve("other");
        CliRun bad = CliRun.in(tmp.resolve("home"), "cache", "pull", "--from", shared.toString(), "--features-dir", other.toString());
        assertEquals(1, bad.code(), bad.toString());
        assertTrue(bad.cleanError() && bad.err().contains("SHA-256"), bad.toString());
        assertTrue(FeatureStore.list(other).isEmpty());
    }
}
