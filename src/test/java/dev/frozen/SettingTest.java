package dev.frozen;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SettingTest {
    @Test
    void keysRenderAsTheEdgeNamesThemAndFlagsStayFlags() {
        String message = Setting.key("max_iter") + " must be > 0; remove it with 'frozen runs rm R " + Setting.flag("delete") + "'";
        assertEquals("--max-iter must be > 0; remove it with 'frozen runs rm R --delete'", Setting.render(message, Setting.FLAGS));
        assertEquals("heads.max_iter must be > 0; remove it with 'frozen runs rm R --delete'",
                Setting.render(message, k -> "heads." + k));
    }

    @Test
    void markersSurviveWrappingAndSanitizing() {
        UsageError inner = new UsageError(Setting.key("features_dir") + " expects a folder");
        DataError outer = new DataError("cannot open it: " + inner.getMessage());
        assertEquals("cannot open it: --features-dir expects a folder", Setting.render(outer.getMessage(), Setting.FLAGS));
        assertEquals("no marker here", Setting.render("no marker here", Setting.FLAGS));
        assertNull(Setting.render(null, Setting.FLAGS));
    }

    @Test
    void aRenderingStreamShowsPrintedSettingsAndKnowsItsTarget() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream target = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        java.io.PrintStream shown = Setting.rendering(target, () -> k -> "heads." + k);
        shown.println("raise " + Setting.key("max_iter"));
        shown.printf("or %s%n", Setting.key("tol"));
        shown.print((Object) Setting.flag("force"));
        shown.flush();
        assertEquals("raise heads.max_iter\nor heads.tol\n--force".replace("\n", System.lineSeparator()),
                bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertSame(target, Setting.underlying(shown)); // Progress draws bars on a rendered System.err as on System.err
        assertSame(target, Setting.underlying(target));
    }

    @Test
    void aKeyIsOneWord() {
        assertThrows(IllegalArgumentException.class, () -> Setting.key("--force"));
        assertThrows(IllegalArgumentException.class, () -> Setting.flag("max iter"));
    }
}
