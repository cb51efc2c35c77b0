package dev.frozen.features;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 item 9: an unreadable file says "permission denied" and asks for access; only damage advises a
 * rebuild. Tests run as root, which reads everything, so the mapping is tested as a function.
 */
class PermissionMessagesTest {
    @Test
    void aPermissionErrorIsNotCalledCorruption() {
        Path file = Path.of("/shared/features/e/train.arrow");
        DataError denied = ArrowFeatures.unreadable("Arrow features file", file, new AccessDeniedException(file.toString()));
        assertTrue(denied.getMessage().startsWith("permission denied reading Arrow features file " + file), denied.getMessage());
        String deniedShown = dev.frozen.Setting.render(denied.getMessage(), dev.frozen.Setting.FLAGS); // as the CLI shows it
        assertFalse(deniedShown.contains("--force") || deniedShown.contains("corrupt"), deniedShown);

        DataError damaged = ArrowFeatures.unreadable("Arrow features file", file, new IOException("bad footer"));
        String damagedShown = dev.frozen.Setting.render(damaged.getMessage(), dev.frozen.Setting.FLAGS);
        assertTrue(damagedShown.contains("truncated or corrupt") && damagedShown.contains("--force"), damagedShown);
    }
}
