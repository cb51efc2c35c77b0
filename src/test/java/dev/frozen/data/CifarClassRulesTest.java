package dev.frozen.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.DataError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10 data that no head could learn from honestly is refused while it is hashed, before any extraction. */
class CifarClassRulesTest {
    @TempDir Path tmp;

    private static void relabel(Path file, int label) throws IOException {
        byte[] b = Files.readAllBytes(file);
        for (int at = 0; at < b.length; at += CifarBinary.RECORD) {
            b[at] = (byte) label;
        }
        Files.write(file, b);
    }

    @Test
    void oneTrainingClassIsRefused() throws IOException {
        Path dir = Fixtures.cifarFolder(tmp.resolve("c"), 3);
        for (String name : CifarBinary.TRAIN_FILES) {
            relabel(dir.resolve(name), 3);
        }
        relabel(dir.resolve("test_batch.bin"), 3);
        DataError e = assertThrows(DataError.class, () -> CifarBinary.open(dir, tmp.resolve("home"), null).fingerprint());
        assertTrue(e.getMessage().contains("expected training records of at least 2 classes") && e.getMessage().contains("only cat"),
                e.getMessage());
    }

    @Test
    void aTestClassMissingFromTrainIsRefused() throws IOException {
        Path dir = Fixtures.cifarFolder(tmp.resolve("c"), 3);
        relabel(dir.resolve("data_batch_1.bin"), 0);
        relabel(dir.resolve("data_batch_2.bin"), 1);
        relabel(dir.resolve("data_batch_3.bin"), 0);
        relabel(dir.resolve("data_batch_4.bin"), 1);
        relabel(dir.resolve("data_batch_5.bin"), 0);
        relabel(dir.resolve("test_batch.bin"), 9);
        DataError e = assertThrows(DataError.class, () -> CifarBinary.open(dir, tmp.resolve("home"), null).fingerprint());
        assertTrue(e.getMessage().contains("truck (3 test records) with none in the data_batch files"), e.getMessage());
    }
}
