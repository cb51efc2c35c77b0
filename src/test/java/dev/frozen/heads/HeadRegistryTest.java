package dev.frozen.heads;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link HeadKinds#ALL} is the only list of head kinds: every kind class is registered, ids are unique, and no main
 * source outside a kind's own files ({@code heads/Knn*.java} for {@code KnnKind}) spells a kind's id as a literal,
 * so a new kind cannot be missed by a forgotten list elsewhere.
 */
class HeadRegistryTest {
    private static final Path MAIN = Path.of("src/main/java");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void everyKindClassIsRegisteredOnce() throws IOException {
        Pattern kindClass = Pattern.compile("class (\\w+) extends HeadKind\\b");
        List<String> declared = new ArrayList<>();
        for (Path p : sources()) {
            Matcher m = kindClass.matcher(Files.readString(p));
            while (m.find()) {
                declared.add(m.group(1));
            }
        }
        List<String> registered = HeadKinds.ALL.stream().map(k -> k.getClass().getSimpleName()).toList();
        assertEquals(declared.stream().sorted().toList(), registered.stream().sorted().toList());
        assertEquals(HeadKinds.ids().size(), HeadKinds.ids().stream().distinct().count(), HeadKinds.ids().toString());
    }

    @Test
    void noKindIdIsSpelledOutsideItsOwnFiles() throws IOException {
        List<String> found = new ArrayList<>();
        for (HeadKind kind : HeadKinds.ALL) {
            String prefix = kind.getClass().getSimpleName().replaceFirst("Kind$", "");
            Path own = MAIN.resolve("dev/frozen/heads");
            for (Path p : sources()) {
                boolean ownFile = p.getParent().equals(own) && p.getFileName().toString().startsWith(prefix);
                if (!ownFile && Files.readString(p).contains("\"" + kind.id() + "\"")) {
                    found.add(p + ": \"" + kind.id() + "\"");
                }
            }
        }
        for (Path p : sources()) {
            if (Files.readString(p).contains(String.join("|", HeadKinds.ids().subList(0, 2)))) {
                found.add(p + ": a literal list of kinds");
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theRegistryAnswersByName() {
        for (HeadKind kind : HeadKinds.ALL) {
            assertSame(kind, HeadKinds.parse(kind.id().toUpperCase(java.util.Locale.ROOT)));
            assertSame(kind, HeadKinds.find(kind.id()));
        }
        assertNull(HeadKinds.find("forest"));
        assertEquals("head must be one of " + String.join(", ", HeadKinds.ids()) + " (got forest)",
                assertThrows(dev.frozen.InvalidOption.class, () -> HeadKinds.parse("forest")).getMessage());
    }
}
