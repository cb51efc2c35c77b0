package dev.frozen.features;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import dev.frozen.FrozenHome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A weights file recorded in a manifest that has since gone is named as the entry's, not blamed on --weights. */
class MissingWeightsTest {
    @TempDir Path tmp;

    @Test
    void theRecordedPathIsNamedWithHowToPassIt() {
        Path gone = tmp.resolve("moved/vgg16.h5");
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, "e1",
                new Manifest.Dataset("folder", "synthetic", "f".repeat(64), "/nowhere"),
                new Manifest.Weights("vgg16.h5", "ab".repeat(32), false, gone.toString()),
                "vgg16", "block5_pool", 32, "caffe", List.of(1, 1, 4), 4,
                Map.of("train", 1, "test", 1), List.of("a", "b"), Map.of(), Map.of("frozen", "test"),
                "2026-01-01T00:00:00Z", null, null);
        DataError e = assertThrows(DataError.class, () -> EntryWeights.verified("e1", m, null, new FrozenHome(tmp.resolve("home"))));
        String text = dev.frozen.Setting.render(e.getMessage(), dev.frozen.Setting.FLAGS); // as the command line shows it
        assertTrue(text.startsWith("entry e1 was extracted with the weights file " + gone + ", which is missing now"), text);
        assertTrue(text.contains("pass --weights PATH with that file (SHA-256 " + "ab".repeat(32) + ")"), text);
        assertFalse(text.contains("found '"), "not the message for a --weights value: " + text);
        assertEquals(1, e.exitCode());
    }
}
