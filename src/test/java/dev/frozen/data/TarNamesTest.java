package dev.frozen.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Archive entry names: {@code ./} prefixes (from {@code tar -C dir .}) are accepted, escapes are not. */
class TarNamesTest {
    @TempDir
    Path tmp;

    private static byte[] archive(List<String> dirs, String file, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String d : dirs) {
            out.write(Fixtures.header(d, 0, '5'));
        }
        out.write(Fixtures.header(file, content.length, '0'));
        out.write(content);
        out.write(new byte[(512 - content.length % 512) % 512]);
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    @Test
    void dotSlashNamesAreExtractedInside() throws IOException {
        byte[] content = {1, 2, 3};
        byte[] tar = archive(List.of("./", ".", "./cifar-10-batches-bin/"), "./cifar-10-batches-bin/data_batch_1.bin", content);
        Path dest = Files.createDirectories(tmp.resolve("dest"));
        assertEquals(1, TarReader.extract(new ByteArrayInputStream(tar), dest));
        assertArrayEquals(content, Files.readAllBytes(dest.resolve("cifar-10-batches-bin/data_batch_1.bin")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "./../x", "a/../../x", "a/../x", "/tmp/x", "./a/..", "."})
    void escapingNamesAreRefusedBeforeWriting(String name) throws IOException {
        Path dest = Files.createDirectories(tmp.resolve("deep/dest"));
        IOException e = assertThrows(IOException.class,
                () -> TarReader.extract(new ByteArrayInputStream(archive(List.of(), name, new byte[] {9})), dest));
        assertTrue(e.getMessage().contains("refusing archive entry '" + name + "'"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("deep/x")) || Files.exists(tmp.resolve("x")) || Files.exists(dest.resolve("x")));
    }

    @Test
    void anArchiveWithDotSlashNamesOpensAsCifar() throws IOException {
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 1);
        Path tarball = Fixtures.tarGzDotSlash(batches.getParent(), tmp.resolve("x.tar.gz"));
        assertEquals(5, CifarBinary.open(tarball, tmp.resolve("home"), null).size(Split.TRAIN));
    }

    @Test
    void anArchiveMadeBySystemTarDashCDotOpensAsCifar() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")) || Files.isExecutable(Path.of("/bin/tar")),
                "no tar program on this machine");
        Path batches = Fixtures.cifarFolder(tmp.resolve("data"), 1);
        Path tarball = tmp.resolve("x.tar.gz");
        Process p = new ProcessBuilder("tar", "-czf", tarball.toString(), "-C", batches.getParent().toString(), ".")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        assertEquals(5, CifarBinary.open(tarball, tmp.resolve("home"), null).size(Split.TRAIN));
    }
}
