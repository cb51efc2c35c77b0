package dev.frozen.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.DataError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
    private static final String HINT = "pass --data yourself";

    @TempDir
    Path tmp;
    private byte[] payload;
    private String md5;
    private Path target;
    private Path part;

    @BeforeEach
    void setUp() throws Exception {
        payload = new byte[300_001];
        new Random(42).nextBytes(payload);
        md5 = ContentHashes.hex(MessageDigest.getInstance("MD5").digest(payload));
        target = tmp.resolve("downloads/file.bin");
        part = tmp.resolve("downloads/file.bin.part");
    }

    private Path fetch(URI url, String expected) {
        return Downloader.fetch(url, expected, target, HINT, ContentHashes.in(tmp.resolve("home")), Fixtures.capture().out);
    }

    @Test
    void downloadsVerifiesAndRenames() throws IOException {
        try (LocalServer server = new LocalServer(payload)) {
            assertEquals(target, fetch(server.uri("/file"), md5));
            assertArrayEquals(payload, Files.readAllBytes(target));
            assertFalse(Files.exists(part));
            assertEquals(List.of(""), server.ranges);

            // Present and verified (from the memo): no second request.
            fetch(server.uri("/file"), md5);
            assertEquals(1, server.ranges.size());
        }
    }

    @Test
    void resumesAPartialDownloadWithARangeRequest() throws IOException {
        Files.createDirectories(part.getParent());
        Files.write(part, Arrays.copyOf(payload, 123_456));
        try (LocalServer server = new LocalServer(payload)) {
            fetch(server.uri("/file"), md5);
            assertEquals(List.of("bytes=123456-"), server.ranges);
        }
        assertArrayEquals(payload, Files.readAllBytes(target));
        assertFalse(Files.exists(part));
    }

    @Test
    void restartsWhenTheServerIgnoresTheRange() throws IOException {
        Files.createDirectories(part.getParent());
        Files.write(part, Arrays.copyOf(payload, 1000));
        try (LocalServer server = new LocalServer(payload)) {
            server.honourRanges = false;
            fetch(server.uri("/file"), md5);
            assertEquals(List.of("bytes=1000-"), server.ranges);
        }
        assertArrayEquals(payload, Files.readAllBytes(target), "a 200 reply replaces the partial file, not appended to it");
    }

    @Test
    void restartsWhenThePartialFileIsAlreadyTooLong() throws IOException {
        Files.createDirectories(part.getParent());
        Files.write(part, new byte[payload.length + 10]);
        try (LocalServer server = new LocalServer(payload)) {
            fetch(server.uri("/file"), md5);
            assertEquals(List.of("bytes=" + (payload.length + 10) + "-", ""), server.ranges);
        }
        assertArrayEquals(payload, Files.readAllBytes(target));
    }

    @Test
    void anMd5MismatchLeavesNoFileBehind() throws IOException {
        String wrong = "0123456789abcdef0123456789abcdef";
        try (LocalServer server = new LocalServer(payload)) {
            DataError e = assertThrows(DataError.class, () -> fetch(server.uri("/file"), wrong));
            assertTrue(e.getMessage().contains(wrong), e.getMessage());
            assertTrue(e.getMessage().contains(md5), e.getMessage());
            assertTrue(e.getMessage().contains(server.uri("/file").toString()), e.getMessage());
        }
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(part));
    }

    @Test
    void aCorruptPartialFileIsCaughtByTheMd5() throws IOException {
        Files.createDirectories(part.getParent());
        Files.write(part, new byte[5000]); // wrong bytes, right length to resume from
        try (LocalServer server = new LocalServer(payload)) {
            assertThrows(DataError.class, () -> fetch(server.uri("/file"), md5));
        }
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(part), "the bad partial file is deleted so the next run starts clean");
    }

    @Test
    void replacesAnExistingTargetWithTheWrongContent() throws IOException {
        Files.createDirectories(target.getParent());
        Files.write(target, new byte[] {1, 2, 3});
        try (LocalServer server = new LocalServer(payload)) {
            fetch(server.uri("/file"), md5);
        }
        assertArrayEquals(payload, Files.readAllBytes(target));
    }

    @Test
    void anHttpErrorIsAOneLineDataError() throws IOException {
        try (LocalServer server = new LocalServer(payload)) {
            server.status = 404;
            DataError e = assertThrows(DataError.class, () -> fetch(server.uri("/missing"), md5));
            assertEquals("could not download " + server.uri("/missing") + " (HTTP 404); " + HINT, e.getMessage());
        }
        assertFalse(Files.exists(target));
    }

    @Test
    void connectionRefusedIsAOneLineDataError() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/cifar.tar.gz");
        DataError e = assertThrows(DataError.class, () -> fetch(url, md5));
        assertTrue(e.getMessage().startsWith("could not download " + url + " ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); " + HINT), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("refused"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(target));
    }
}
