package dev.frozen.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.DataError;
import dev.frozen.UsageError;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    private static final URI NOWHERE = URI.create("http://127.0.0.1:9/none");

    @TempDir
    Path tmp;

    @Test
    void unknownKindIsAUsageErrorListingKinds() {
        UsageError e = assertThrows(UsageError.class, () -> Datasets.open("mnist", null, System.err, tmp, NOWHERE, "x"));
        assertTrue(e.getMessage().contains("cifar10") && e.getMessage().contains("folder") && e.getMessage().contains("mnist"),
                e.getMessage());
    }

    @Test
    void folderWithoutDataIsAUsageError() {
        assertThrows(UsageError.class, () -> Datasets.open("folder", null, System.err, tmp, NOWHERE, "x"));
    }

    @Test
    void anImageFolderGivenAsTheDefaultKindIsRecognisedAndSaidSo() {
        Path photos = SyntheticImages.generate(tmp.resolve("photos"), 2, 2, 1, 8, 1);
        var log = Fixtures.capture();
        ImageDataset data = Datasets.open("cifar10", photos, log.out, tmp.resolve("home"), NOWHERE, "x");
        assertInstanceOf(ImageFolder.class, data);
        assertEquals(4, data.size(Split.TRAIN));
        String printed = dev.frozen.Setting.render(log.text(), dev.frozen.Setting.FLAGS); // as the command line prints it
        assertTrue(printed.contains(photos + " holds train/ and test/ folders and no CIFAR-10 batch files, so it is "
                + "read as an image folder (--dataset folder)"), printed);
    }

    @Test
    void cifarBatchesGivenAsAnImageFolderSayWhatTheyLookLike() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 1);
        UsageError e = assertThrows(UsageError.class, () -> Datasets.open("folder", batches, System.err, tmp, NOWHERE, "x"));
        assertTrue(shown(e).contains("found CIFAR-10 batch files") && shown(e).contains("drop --dataset folder"),
                e.getMessage());
    }

    @Test
    void cifarFromAFolderIsTheDefaultKind() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 1);
        ImageDataset data = Datasets.open(null, batches, System.err, tmp.resolve("home"), NOWHERE, "x");
        assertInstanceOf(CifarBinary.class, data);
        assertEquals(5, data.size(Split.TRAIN));
    }

    @Test
    void cifarWithoutDataDownloadsOnceThenUsesTheCache() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 2);
        Path tarball = Fixtures.tarGz(batches, tmp.resolve("served.tar.gz"));
        String md5 = ContentHashes.hashFile(tarball, "MD5");
        Path home = tmp.resolve("home");
        try (LocalServer server = new LocalServer(Files.readAllBytes(tarball))) {
            ImageDataset first = Datasets.open("cifar10", null, System.err, home, server.uri("/cifar.tar.gz"), md5);
            assertEquals(10, first.size(Split.TRAIN));
            assertTrue(Files.isRegularFile(home.resolve("downloads/cifar-10-binary.tar.gz")));
            ImageDataset second = Datasets.open("cifar10", null, System.err, home, server.uri("/cifar.tar.gz"), md5);
            assertEquals(first.fingerprint(), second.fingerprint());
            assertEquals(1, server.paths.size(), "the second open must not download again");
        }
    }

    @Test
    void cifarWithoutDataOfflineGivesTheHint() {
        DataError e = assertThrows(DataError.class, () -> Datasets.open("cifar10", null, System.err, tmp, NOWHERE, "x"));
        assertTrue(e.getMessage().endsWith(Datasets.OFFLINE_HINT), e.getMessage());
    }

    @Test
    void folderKindOpensAnImageFolder() throws IOException {
        Path root = tmp.resolve("imgs");
        for (String split : new String[] {"train", "test"}) {
            for (String cls : new String[] {"one", "two"}) {
                Path file = Files.createDirectories(root.resolve(split).resolve(cls)).resolve("x.png");
                javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", file.toFile());
            }
        }
        ImageDataset data = Datasets.open("folder", root, System.err, tmp.resolve("home"), NOWHERE, "x");
        assertEquals("imgs", data.displayName());
        assertEquals(2, data.size(Split.TEST));
    }

    /** The message as the command line shows it: each setting by its flag. */
    private static String shown(Throwable e) {
        return dev.frozen.Setting.render(e.getMessage(), dev.frozen.Setting.FLAGS);
    }
}
