package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extract's settings flags become one ExtractionSettings value; a bad one is a one-line usage error naming the flag. */
class ExtractSettingsFlagsTest {
    @TempDir Path tmp;

    private CliRun extract(String... flags) throws Exception {
        String[] args = new String[flags.length + 5];
        args[0] = "extract";
        args[1] = "--data";
        args[2] = tmp.resolve("absent").toString(); // never read: every case fails before the dataset is opened
        args[3] = "--features-dir";
        args[4] = tmp.resolve("f").toString();
        System.arraycopy(flags, 0, args, 5, flags.length);
        return CliRun.of(args);
    }

    private void assertRefused(CliRun r, String message) {
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.cleanError(), r.toString());
        assertEquals("error: " + message, r.err().strip(), r.toString());
    }

    @Test
    void badValuesNameTheirFlag() throws Exception {
        assertRefused(extract("--batch", "0"), "--batch must be at least 1, found 0");
        assertRefused(extract("--pooling", "sum"), "--pooling must be one of none, avg, max (got sum)");
        assertRefused(extract("--augment", "vflip"), "--augment: expected none or hflip, found 'vflip'");
    }

    @Test
    void augmentationWithSparkIsRefusedBeforeTheDataIsRead() throws Exception {
        assertRefused(extract("--augment", "hflip", "--spark", "local[1]"),
                "--augment hflip runs in one process; drop --spark for it");
    }
}
