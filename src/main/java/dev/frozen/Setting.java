package dev.frozen;

import java.io.PrintStream;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names a setting inside a message by its key ({@code max_iter}, {@code features_dir}) instead of a command-line flag:
 * the core writes {@link #key} into the text, and the edge that prints it ({@code cli}'s error handler and printers,
 * the pipeline runner) {@linkplain #render renders} each one as a flag ({@code --max-iter}) or a pipeline key
 * ({@code heads.max_iter}). {@link #flag} marks a flag of a suggested command line, which stays a flag everywhere.
 */
public final class Setting {
    private Setting() {}

    // Markers travel inside plain strings, so messages keep them through every wrap and rethrow up to the edge.
    private static final char OPEN = '\u2039';
    private static final char CLOSE = '\u203A';
    private static final Pattern MARKER = Pattern.compile(OPEN + "(-?)([A-Za-z][A-Za-z0-9_]*)" + CLOSE);

    /** How the command line names a setting: {@code max_iter} as {@code --max-iter}, {@code C} as {@code --C}. */
    public static final UnaryOperator<String> FLAGS = k -> "--" + k.replace('_', '-');

    /** The setting {@code key} in a message; the edge shows it as a flag or as a pipeline key. */
    public static String key(String key) {
        return OPEN + check(key) + CLOSE;
    }

    /** The flag {@code key} inside a suggested command line ({@code 'frozen runs rm RUN --delete'}): a flag everywhere. */
    public static String flag(String key) {
        return OPEN + "-" + check(key) + CLOSE;
    }

    /** {@code text} with every setting named by {@code naming} (a key to its shown name) and every flag as a flag. */
    public static String render(String text, UnaryOperator<String> naming) {
        if (text == null || text.indexOf(OPEN) < 0) {
            return text;
        }
        Matcher m = MARKER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).isEmpty() ? naming.apply(key) : FLAGS.apply(key)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * {@code out}, showing the settings in everything printed to it (print, println, printf) as {@code naming}, asked
     * at each print, names them: the edges hand the core's logs through it.
     */
    public static PrintStream rendering(PrintStream out, Supplier<UnaryOperator<String>> naming) {
        return new RenderingStream(out, naming);
    }

    /** The stream {@code out} prints to in the end: {@code out} itself, or the one a {@link #rendering} stream wraps. */
    public static PrintStream underlying(PrintStream out) {
        return out instanceof RenderingStream r ? r.target : out;
    }

    private static final class RenderingStream extends PrintStream {
        private final PrintStream target;
        private final Supplier<UnaryOperator<String>> naming;

        RenderingStream(PrintStream target, Supplier<UnaryOperator<String>> naming) {
            super(target, true);
            this.target = target;
            this.naming = naming;
        }

        @Override
        public void print(String s) { // println(String), printf and append all print through here
            super.print(render(s, naming.get()));
        }

        @Override
        public void print(Object o) {
            print(String.valueOf(o));
        }
    }

    private static String check(String key) {
        if (!key.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("a setting key is letters, digits and '_', found '" + key + "'");
        }
        return key;
    }
}
