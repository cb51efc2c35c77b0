package dev.frozen;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Versions come from the pom (the import rules are in {@link PackageRulesTest}). */
class ProvenanceAndLayeringTest {
    private static String pomProperty(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), name);
        return m.group(1).trim();
    }

    @Test
    void versionsAreThePomsOwn() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Map<String, String> v = Versions.all();
        assertEquals(pomProperty(pom, "version"), v.get("frozen"));
        assertEquals(pomProperty(pom, "dl4j.version"), v.get("nd4j"));
        assertEquals(pomProperty(pom, "dnnl.version"), v.get("onednn"));
        assertEquals(pomProperty(pom, "smile.version"), v.get("smile"));
        assertEquals(pomProperty(pom, "liblinear.version"), v.get("liblinear"));
        assertEquals(pomProperty(pom, "arrow.version"), v.get("arrow"));
        assertEquals(pomProperty(pom, "jhdf.version"), v.get("jhdf"));
        assertEquals(System.getProperty("java.version"), v.get("java"));
    }
}
