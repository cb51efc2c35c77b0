package dev.frozen.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.frozen.DataError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHashesTest {
    @TempDir
    Path tmp;

    @Test
    void knownDigests() throws IOException {
        Path abc = Files.writeString(tmp.resolve("abc"), "abc");
        ContentHashes hashes = ContentHashes.in(tmp.resolve("home"));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hashes.sha256(abc));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", hashes.md5(abc));
    }

    @Test
    void memoizesAcrossInstancesUntilTheFileChanges() throws IOException {
        Path file = Files.writeString(tmp.resolve("f"), "one");
        Path home = tmp.resolve("home");
        AtomicInteger computed = new AtomicInteger();
        ContentHashes first = ContentHashes.in(home);
        assertEquals("v1", first.memoize("k", List.of(file), () -> "v" + computed.incrementAndGet()));
        assertEquals("v1", ContentHashes.in(home).memoize("k", List.of(file), () -> "v" + computed.incrementAndGet()));
        assertEquals(1, computed.get());
        // Another kind over the same file is a different entry.
        assertEquals("v2", first.memoize("other", List.of(file), () -> "v" + computed.incrementAndGet()));

        Files.writeString(file, "three");
        assertEquals("v3", first.memoize("k", List.of(file), () -> "v" + computed.incrementAndGet()));
        Files.setLastModifiedTime(file, FileTime.fromMillis(12345));
        assertNotEquals("v3", first.memoize("k", List.of(file), () -> "v" + computed.incrementAndGet()));
    }

    @Test
    void aDamagedStoreIsIgnored() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("fingerprints.json"), "{not json");
        Path abc = Files.writeString(tmp.resolve("abc"), "abc");
        assertEquals("900150983cd24fb0d6963f7d28e17f72", ContentHashes.in(home).md5(abc));
    }

    @Test
    void aMissingFileIsADataError() {
        assertThrows(DataError.class, () -> ContentHashes.in(tmp).sha256(tmp.resolve("absent")));
    }
}
