package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frozen.data.SyntheticImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 23 item 10: non-ASCII paths under a C/POSIX locale work through ./frozen, or fail in one line saying what to set. */
class LocaleTest {
    @TempDir Path tmp;

    @Test
    void anAsciiLocaleWithNonAsciiArgumentsSaysWhatToSet() {
        String problem = Main.localeProblem(new String[] {"extract", "--data", "donn\uFFFD\uFFFDes"}, "ANSI_X3.4-1968");
        assertNotNull(problem);
        assertTrue(problem.contains("LC_ALL=C.UTF-8"), problem);
        assertNull(Main.localeProblem(new String[] {"extract", "--data", "données"}, "UTF-8"));
        assertNull(Main.localeProblem(new String[] {"extract", "--data", "photos"}, "ANSI_X3.4-1968"));
    }

    /** The launcher's locale lines, run by bash under LANG=C: what LC_ALL Java gets (empty when none is set). */
    private static String launcherLocale(Path out) throws Exception {
        Path launcher = Path.of("frozen").toAbsolutePath();
        Process p = new ProcessBuilder("env", "-u", "LC_ALL", "-u", "LC_CTYPE", "LANG=C", "bash", "-c",
                "source <(sed -n '/^# locale-begin/,/^# locale-end/p' \"$0\"); printf %s \"${LC_ALL:-}\"", launcher.toString())
                .redirectOutput(out.toFile()).redirectErrorStream(false).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        return Files.readString(out).strip();
    }

    @Test
    void aDatasetNamedDonnéesWithClassChèvreExtractsUnderLangC() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "the launcher's locale lines need glibc's locale");
        assumeTrue(StandardCharsets.UTF_8.name().equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "this test's JVM must itself name non-ASCII files");
        String lcAll = launcherLocale(tmp.resolve("locale.txt"));
        assumeTrue(!lcAll.isEmpty(), "no C.UTF-8 locale on this machine: the launcher leaves LANG=C, and Main says what to set");

        Path generated = SyntheticImages.generate(tmp.resolve("gen"), 2, 3, 1, 32, 1);
        Path data = Files.move(generated, tmp.resolve("données"));
        for (String split : List.of("train", "test")) {
            try (var classes = Files.list(data.resolve(split))) {
                Path first = classes.sorted().findFirst().orElseThrow();
                Files.move(first, first.resolveSibling("chèvre"));
            }
        }
        Path features = tmp.resolve("caractéristiques");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder("env", "-u", "LC_CTYPE", "LANG=C", "LC_ALL=" + lcAll, "FROZEN_HOME=" + tmp.resolve("home"),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "extract", "--dataset", "folder", "--data", data.toString(), "--weights", "random:1",
                "--input-size", "32", "--batch", "4", "--features-dir", features.toString())
                .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "extract did not end");
        assertEquals(0, p.exitValue(), Files.readString(err));
        assertEquals(1, dev.frozen.features.FeatureStore.list(features).size());
        assertTrue(dev.frozen.features.FeatureStore.list(features).get(0).manifest().classNames().contains("chèvre"));
    }
}
