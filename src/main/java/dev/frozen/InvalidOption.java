package dev.frozen;

/**
 * An option, named by its key as in run records and pipeline files ({@code C}, {@code max_iter},
 * {@code input_size}), has a value it cannot take. Domain code throws it in domain words: the message is the key
 * followed by {@link #detail()}; the command line shows the key as its flag ({@code --max-iter}), a pipeline as
 * {@code file:line: heads.key:} or {@code backbone.key:}.
 */
public final class InvalidOption extends UsageError {
    private final String key;
    private final String detail;

    /** {@code detail} follows the key directly, so it starts with its own separator: " must be > 0 (got 0.0)". */
    public InvalidOption(String key, String detail) {
        super(key + detail);
        this.key = key;
        this.detail = detail;
    }

    public String key() {
        return key;
    }

    public String detail() {
        return detail;
    }

    /** The same message with the key written as {@code name}, e.g. a command-line flag. */
    public String as(String name) {
        return name + detail;
    }

    /** The message as the command line says it: the key as its flag, {@code max_iter} as {@code --max-iter}. */
    public String asFlag() {
        return as(Setting.FLAGS.apply(key));
    }

    /** The message as a pipeline file says it: {@code section.key: detail}, e.g. {@code heads.C: must be > 0}. */
    public String asKey(String section) {
        String d = detail.startsWith(":") ? detail.substring(1) : detail;
        return section + "." + key + ":" + (d.startsWith(" ") ? "" : " ") + d;
    }
}
