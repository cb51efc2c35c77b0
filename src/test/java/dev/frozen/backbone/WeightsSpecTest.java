package dev.frozen.backbone;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import dev.frozen.FrozenHome;
import dev.frozen.UsageError;
import dev.frozen.data.LocalServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsSpecTest {
    @TempDir Path tmp;

    FrozenHome home;

    @BeforeEach
    void home() {
        home = new FrozenHome(tmp.resolve("home"));
    }

    @AfterEach
    void clear() {
        System.clearProperty("frozen.weights.url");
    }

    @Test
    void parsesTheThreeForms() throws Exception {
        assertEquals(WeightsSpec.Kind.IMAGENET, WeightsSpec.parse("imagenet", home).kind());
        assertEquals("md5:" + WeightsSpec.IMAGENET_MD5, WeightsSpec.parse("imagenet", home).identity());
        WeightsSpec random = WeightsSpec.parse("random:5", home);
        assertTrue(random.isRandom());
        assertEquals("random:5:he-normal-v1", random.identity());
        assertNull(random.sha256());
        Path file = tmp.resolve("w.h5");
        Files.writeString(file, "abc");
        WeightsSpec fromFile = WeightsSpec.parse(file.toString(), home);
        assertEquals("md5:900150983cd24fb0d6963f7d28e17f72", fromFile.identity());
        assertEquals("w.h5", fromFile.id());
        assertThrows(UsageError.class, () -> WeightsSpec.parse("random:x", home));
        assertThrows(UsageError.class, () -> WeightsSpec.parse(tmp.resolve("absent.h5").toString(), home));
        assertEquals(fromFile, WeightsSpec.fromManifest("w.h5", file.toString(), home));
    }

    @Test
    void imagenetDownloadWithWrongChecksumLeavesNothingBehind() throws Exception {
        try (LocalServer server = new LocalServer("definitely not the VGG16 weights".getBytes())) {
            System.setProperty("frozen.weights.url", server.uri("/" + WeightsSpec.IMAGENET_FILE).toString());
            DataError e = assertThrows(DataError.class, () -> WeightsSpec.parse("imagenet", home).resolveFile());
            assertTrue(e.getMessage().contains(WeightsSpec.IMAGENET_MD5), e.getMessage());
            assertFalse(Files.exists(tmp.resolve("home/weights").resolve(WeightsSpec.IMAGENET_FILE)));
        }
    }

    @Test
    void offlineImagenetSaysWhichFileToFetchAndWhichOptionToPass() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        System.setProperty("frozen.weights.url", "http://127.0.0.1:" + port + "/" + WeightsSpec.IMAGENET_FILE);
        DataError e = assertThrows(DataError.class, () -> WeightsSpec.parse("imagenet", home).load());
        assertTrue(shown(e).contains("--weights /path/to/" + WeightsSpec.IMAGENET_FILE), shown(e));
        assertEquals(1, e.getMessage().lines().count());
    }

    /** The message as the command line shows it: each setting by its flag. */
    private static String shown(Throwable e) {
        return dev.frozen.Setting.render(e.getMessage(), dev.frozen.Setting.FLAGS);
    }
}
