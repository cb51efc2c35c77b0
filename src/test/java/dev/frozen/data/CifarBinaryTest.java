package dev.frozen.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.DataError;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryTest {
    @TempDir
    Path tmp;

    private Path home() throws IOException {
        return Files.createDirectories(tmp.resolve("home"));
    }

    @Test
    void readsPlanarRecordsAsHwcAcrossFileBoundaries() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 3);
        CifarBinary cifar = CifarBinary.open(batches, home(), null);
        assertEquals(15, cifar.size(Split.TRAIN));
        assertEquals(3, cifar.size(Split.TEST));
        assertEquals(CifarBinary.STANDARD_CLASSES, cifar.classNames());

        // Rows 2..6 span data_batch_1 record 2, data_batch_2 records 0-2 and data_batch_3 record 0.
        List<LabeledImage> rows = cifar.read(Split.TRAIN, 2, 5);
        int[][] fileRecord = {{0, 2}, {1, 0}, {1, 1}, {1, 2}, {2, 0}};
        for (int i = 0; i < rows.size(); i++) {
            int f = fileRecord[i][0];
            int r = fileRecord[i][1];
            LabeledImage row = rows.get(i);
            assertEquals(Fixtures.label(f, r), row.label());
            assertEquals(32, row.image().width());
            assertEquals(32, row.image().height());
            for (int[] yx : new int[][] {{0, 0}, {0, 31}, {5, 7}, {31, 31}}) {
                int p = yx[0] * 32 + yx[1];
                for (int c = 0; c < 3; c++) {
                    assertEquals(Fixtures.pixel(f, r, c, p), row.image().at(yx[0], yx[1], c), "row " + i + " pixel " + p + " channel " + c);
                }
            }
            assertTrue(row.source().endsWith(CifarBinary.TRAIN_FILES.get(f) + "#" + r), row.source());
        }
        LabeledImage test = cifar.read(Split.TEST, 2, 1).get(0);
        assertEquals(Fixtures.label(5, 2), test.label());
        assertEquals(Fixtures.pixel(5, 2, 2, 1023), test.image().at(31, 31, 2));
        assertEquals(0, cifar.read(Split.TRAIN, 15, 0).size());
        assertThrows(IndexOutOfBoundsException.class, () -> cifar.read(Split.TRAIN, 14, 2));
    }

    @Test
    void opensTheParentFolderAndReadsClassNamesFromMeta() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 1);
        List<String> names = List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9");
        Files.writeString(batches.resolve("batches.meta.txt"), String.join("\n", names) + "\n\n");
        CifarBinary cifar = CifarBinary.open(tmp.resolve("data"), home(), null);
        assertEquals(batches.toAbsolutePath().normalize(), cifar.batchesDir());
        assertEquals(names, cifar.classNames());
        assertEquals("cifar10", cifar.kind());
        assertEquals("cifar10", cifar.displayName());
    }

    @Test
    void rejectsABatchFileWhoseSizeIsNotAWholeNumberOfRecords() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 2);
        Files.write(batches.resolve("data_batch_2.bin"), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        DataError e = assertThrows(DataError.class, () -> CifarBinary.open(batches, home(), null));
        assertTrue(e.getMessage().contains("data_batch_2.bin"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(2 * 3073 + 1)), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void rejectsALabelAboveNineWhenReadingAndWhenFingerprinting() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 3);
        try (RandomAccessFile f = new RandomAccessFile(batches.resolve("data_batch_3.bin").toFile(), "rw")) {
            f.seek(3073);
            f.write(10);
        }
        CifarBinary cifar = CifarBinary.open(batches, home(), null);
        assertEquals(3, cifar.read(Split.TRAIN, 3, 3).size()); // rows 3-5 are data_batch_2, unaffected
        DataError read = assertThrows(DataError.class, () -> cifar.read(Split.TRAIN, 6, 3));
        assertTrue(read.getMessage().contains("data_batch_3.bin record 1"), read.getMessage());
        assertTrue(read.getMessage().contains("found 10"), read.getMessage());
        DataError hash = assertThrows(DataError.class, cifar::fingerprint);
        assertTrue(hash.getMessage().contains("data_batch_3.bin record 1"), hash.getMessage());
    }

    @Test
    void namesAMissingBatchFile() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 1);
        Files.delete(batches.resolve("data_batch_4.bin"));
        DataError e = assertThrows(DataError.class, () -> CifarBinary.open(tmp.resolve("data"), home(), null));
        assertTrue(e.getMessage().contains("data_batch_4.bin"), e.getMessage());
    }

    @Test
    void rejectsMissingPathsAndUnrelatedFolders() throws IOException {
        Path missing = tmp.resolve("nowhere");
        DataError none = assertThrows(DataError.class, () -> CifarBinary.open(missing, home(), null));
        assertTrue(none.getMessage().contains(missing.toString()), none.getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        DataError neither = assertThrows(DataError.class, () -> CifarBinary.open(empty, home(), null));
        assertTrue(neither.getMessage().contains("data_batch_1.bin"), neither.getMessage());
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hi");
        assertThrows(DataError.class, () -> CifarBinary.open(text, home(), null));
    }

    @Test
    void unpacksATarballOnceAndFingerprintsLikeTheFolder() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 2);
        Path tarball = Fixtures.tarGz(batches, tmp.resolve("mine.tar.gz"));
        Path home = home();
        CifarBinary fromTar = CifarBinary.open(tarball, home, null);
        String md5 = ContentHashes.hashFile(tarball, "MD5");
        Path unpacked = home.resolve("datasets").resolve("cifar10-" + md5.substring(0, 12)).resolve("cifar-10-batches-bin");
        assertEquals(unpacked, fromTar.batchesDir());
        assertEquals(Files.readAllBytes(batches.resolve("test_batch.bin")).length, Files.size(unpacked.resolve("test_batch.bin")));
        try (Stream<Path> list = Files.list(home.resolve("datasets"))) {
            assertEquals(1, list.count(), "no temporary unpack folder may be left behind");
        }

        CifarBinary fromFolder = CifarBinary.open(batches, home, null);
        assertEquals(fromFolder.fingerprint(), fromTar.fingerprint());
        assertEquals(64, fromTar.fingerprint().length());
        assertEquals(fromFolder.read(Split.TRAIN, 7, 3).get(2).image().pixels().length, 3072);
        assertEquals(fromFolder.read(Split.TRAIN, 9, 1).get(0).label(), fromTar.read(Split.TRAIN, 9, 1).get(0).label());

        // A second open reuses the unpacked folder: a marker left inside survives.
        Path marker = Files.writeString(unpacked.getParent().resolve("marker"), "x");
        CifarBinary again = CifarBinary.open(tarball, home, null);
        assertEquals(unpacked, again.batchesDir());
        assertTrue(Files.exists(marker));
    }

    @Test
    void acceptsARetarredFolderUnderTheOfficialNameWithAOneLineNotice() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 2);
        Files.writeString(batches.resolve("batches.meta.txt"), String.join("\n", CifarBinary.STANDARD_CLASSES) + "\n");
        Path tarball = Fixtures.tarGz(batches, tmp.resolve(CifarBinary.OFFICIAL_TARBALL));
        Path home = home();
        Fixtures.PrintStreamCapture log = Fixtures.capture();
        ImageDataset ds = Datasets.open("cifar10", tarball, log.out, home, java.net.URI.create("http://127.0.0.1:9/"), "x");
        assertEquals(10, ds.size(Split.TRAIN));
        assertEquals(2, ds.size(Split.TEST));
        String notice = log.text().strip();
        assertFalse(notice.contains("\n"), notice);
        assertTrue(notice.contains(CifarBinary.OFFICIAL_MD5) && notice.contains("judged by its content"), notice);
        assertEquals(CifarBinary.open(batches, home, null).fingerprint(), ds.fingerprint());
    }

    @Test
    void refusesAnArchiveWithAShortBatchFileInOneLineAndKeepsNothing() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 2);
        Files.write(batches.resolve("data_batch_3.bin"), java.util.Arrays.copyOf(
                Files.readAllBytes(batches.resolve("data_batch_3.bin")), CifarBinary.RECORD + 100));
        Path tarball = Fixtures.tarGz(batches, tmp.resolve(CifarBinary.OFFICIAL_TARBALL));
        Path home = home();
        DataError e = assertThrows(DataError.class,
                () -> Datasets.open("cifar10", tarball, Fixtures.capture().out, home, java.net.URI.create("http://127.0.0.1:9/"), "x"));
        assertTrue(e.getMessage().contains("data_batch_3.bin") && e.getMessage().contains("3173 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains(tarball + "!"), e.getMessage());
        assertFalse(e.getMessage().contains(".partial-"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        try (Stream<Path> list = Files.list(home.resolve("datasets"))) {
            assertEquals(0, list.count());
        }
    }

    @Test
    void refusesAnArchiveWithABadLabelByteBeforePublishingIt() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 2);
        try (RandomAccessFile f = new RandomAccessFile(batches.resolve("test_batch.bin").toFile(), "rw")) {
            f.seek(CifarBinary.RECORD);
            f.write(12);
        }
        Path tarball = Fixtures.tarGz(batches, tmp.resolve("mine.tar.gz"));
        Path home = home();
        DataError e = assertThrows(DataError.class, () -> CifarBinary.open(tarball, home, null));
        assertTrue(e.getMessage().contains("test_batch.bin record 1") && e.getMessage().contains("found 12"), e.getMessage());
        try (Stream<Path> list = Files.list(home.resolve("datasets"))) {
            assertEquals(0, list.count(), "a refused archive is not published as unpacked");
        }
    }

    @Test
    void aDownloadIsStillHeldToTheExpectedMd5() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 1);
        Path tarball = Fixtures.tarGz(batches, tmp.resolve("dl.tar.gz"));
        DataError e = assertThrows(DataError.class, () -> CifarBinary.open(tarball, home(), CifarBinary.OFFICIAL_MD5));
        assertTrue(e.getMessage().contains(CifarBinary.OFFICIAL_MD5), e.getMessage());
    }

    @Test
    void aTruncatedTarballFailsAndLeavesNoUnpackedFolder() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 2);
        Path full = Fixtures.tarGz(batches, tmp.resolve("full.tar.gz"));
        byte[] bytes = Files.readAllBytes(full);
        Path cut = Files.write(tmp.resolve("cut.tar.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path home = home();
        DataError e = assertThrows(DataError.class, () -> CifarBinary.open(cut, home, null));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        try (Stream<Path> list = Files.list(home.resolve("datasets"))) {
            assertEquals(0, list.count());
        }
    }

    @Test
    void fingerprintIsTheContentHashEveryTimeNeverAMemo() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 2);
        Path home = home();
        String first = CifarBinary.open(batches, home, null).fingerprint();
        java.security.MessageDigest sha = ContentHashes.digest("SHA-256");
        for (String name : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin")) {
            sha.update(Files.readAllBytes(batches.resolve(name)));
        }
        assertEquals(ContentHashes.hex(sha.digest()), first);

        // Same size and mtime, other bytes: the fingerprint follows the content (the old memo served a stale value).
        Path file = batches.resolve("test_batch.bin");
        FileTime mtime = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[100] ^= 1;
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, mtime);
        assertNotEquals(first, CifarBinary.open(batches, home, null).fingerprint());
    }
}
