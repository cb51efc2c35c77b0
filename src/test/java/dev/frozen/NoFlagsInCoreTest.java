package dev.frozen;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Only {@code dev.frozen.cli} spells command-line flags: everywhere else a message names a setting by its key
 * ({@link Setting#key}), so that a pipeline run can show its YAML key instead. Comments and javadoc may mention flags;
 * string literals (text blocks included) may not. {@code dev.frozen.bench}, which runs frozen's verbs and the peers'
 * scripts, builds their command lines from keys too.
 */
class NoFlagsInCoreTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Path CLI = MAIN.resolve("dev/frozen/cli");
    // "--max-iter", or a literal that ends in a flag's dashes ("try --" + key); the bare "--" of Setting.FLAGS is the
    // one spelling the edges render with.
    private static final Pattern FLAG = Pattern.compile("--[A-Za-z]|[^-]--$");

    @Test
    void noStringLiteralOutsideCliHoldsAFlag() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.startsWith(CLI)).sorted().toList()) {
                for (String literal : stringLiterals(Files.readString(f))) {
                    if (FLAG.matcher(literal).find()) {
                        found.add(MAIN.relativize(f) + ": \"" + literal + "\"");
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), "flags outside dev.frozen.cli (name the setting with Setting.key or Setting.flag):\n"
                + String.join("\n", found));
    }

    @Test
    void theScanSeesLiteralsAndSkipsComments() {
        String source = """
                // a comment: use --force
                /* a block: --weights "x" */
                /** javadoc: {@code --data} */
                class A {
                    String a = "pass --weights PATH";
                    String b = "quote \\" --tol";
                    char c = '"';
                    String d = "plain";
                    String f = "try --";
                    String e = \"""
                        a block --wide
                        \""";
                }
                """;
        assertEquals(List.of("pass --weights PATH", "quote \\\" --tol", "plain", "try --", "        a block --wide\n        "),
                stringLiterals(source));
    }

    @Test
    void aFlagIsDashesBeforeANameOrAtTheEndOfALiteral() {
        assertTrue(FLAG.matcher("raise --max-iter").find());
        assertTrue(FLAG.matcher("try --").find());
        assertFalse(FLAG.matcher("--").find());
        assertFalse(FLAG.matcher("a -- b, -o, ---").find());
    }

    /** The contents of every string literal and text block in {@code java}, escapes as written; comments skipped. */
    static List<String> stringLiterals(String java) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        int n = java.length();
        while (i < n) {
            char c = java.charAt(i);
            if (java.startsWith("//", i)) {
                i = endOf(java, "\n", i + 2);
            } else if (java.startsWith("/*", i)) {
                i = endOf(java, "*/", i + 2);
            } else if (java.startsWith("\"\"\"", i)) {
                int start = java.indexOf('\n', i) + 1;
                int end = closing(java, "\"\"\"", start);
                literals.add(java.substring(start, end));
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                int end = closing(java, String.valueOf(c), i + 1);
                if (c == '"') {
                    literals.add(java.substring(i + 1, end));
                }
                i = end + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    /** The index just past {@code end} from {@code from}, or the end of the text. */
    private static int endOf(String text, String end, int from) {
        int at = text.indexOf(end, from);
        return at < 0 ? text.length() : at + end.length();
    }

    /** The index of the unescaped {@code quote} that closes a literal whose content starts at {@code from}. */
    private static int closing(String text, String quote, int from) {
        int i = from;
        while (i < text.length() && !text.startsWith(quote, i)) {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return i;
    }
}
