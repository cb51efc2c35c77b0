package dev.frozen.cli;

import dev.frozen.Setting;
import java.io.PrintWriter;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Writers that show every setting a message names by its key ({@link Setting#key}) as the running verb
 * names it: a flag, or a pipeline key under {@code frozen run}. Messages and warnings of the core reach the user only
 * through these, so none shows a marker.
 */
final class RenderedText {
    private RenderedText() {}

    /** {@code out}, rendering each written string with the naming {@code naming} gives at the time. */
    static PrintWriter writer(PrintWriter out, Supplier<UnaryOperator<String>> naming) {
        return new PrintWriter(out, true) {
            @Override
            public void write(String s, int off, int len) {
                String shown = Setting.render(s.substring(off, off + len), naming.get());
                super.write(shown, 0, shown.length());
            }
        };
    }
}
