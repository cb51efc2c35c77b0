package dev.frozen;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void slowUnitsShowSecondsEachInsteadOfARoundedZeroRate() {
        assertEquals("25.5 s each", Progress.rate(10 / 255.0, "classes"));
        assertEquals("2.0 s each", Progress.rate(0.5, "classes"));
        assertEquals("1 classes/s", Progress.rate(1.0, "classes"));
        assertEquals("3.5 img/s", Progress.rate(3.456, "img"));
        assertEquals("1234 img/s", Progress.rate(1234.0, "img"));
    }

    @Test
    void aFinishedBarNeverPrintsAZeroRate() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Progress p = new Progress("svm", 10, "classes", 0, out)) {
            p.advance(10);
        }
        String line = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("10/10 classes"), line);
        assertFalse(line.contains(" 0.0 classes/s") || line.contains(" 0 classes/s"), line);
        try (Progress resumed = new Progress("extract", 5, "img", 5, out)) {
            // nothing new was done: no rate at all rather than a meaningless one
        }
        String last = bytes.toString(StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElse("");
        assertFalse(last.contains("img/s") || last.contains("each"), last);
    }
}
