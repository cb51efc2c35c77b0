package dev.frozen.heads;

import dev.frozen.Choices;
import dev.frozen.InvalidOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One hyperparameter of a head kind, declared once in its options file: key, value type, default, allowed range,
 * help text and search grid. Everything else is derived from it: reading the value from text, validation messages,
 * params order, the compare summary, pipeline keys and the {@code fit} flag with its help. Declared with the chained
 * setters below, once, in a static list; never changed afterwards.
 */
public final class HeadOption {
    /** The value types an option can have. */
    public enum Type {
        /** A finite real number (stored as Double). */
        REAL,
        /** A whole number (Integer). */
        WHOLE,
        /** One of an enum's named values (the enum constant). */
        CHOICE,
        /** A list of layer sizes, e.g. {@code 1000,500}: one value, so a YAML list or a comma list is one setting. */
        SIZES,
        /** true or false; recorded in params only when true, so records made before the flag existed read the same. */
        FLAG
    }

    /** Where a value may lie; the text is the range as help and messages say it. */
    enum Bound {
        ANY, POSITIVE, NON_NEGATIVE, AT_LEAST, BETWEEN, FRACTION
    }

    /** When the compare summary shows the value. */
    public enum Shown {
        NEVER, ALWAYS, IF_CHANGED
    }

    private final String key;
    private final Type type;
    private final String help;
    private Class<? extends Enum<?>> choices;
    private Object dflt;
    private Function<Map<String, Object>, Object> dfltRule;
    private String defaultText;
    private Bound bound = Bound.ANY;
    private int lo;
    private int hi;
    private List<String> search = List.of();
    private Shown shown = Shown.NEVER;
    private String summaryLabel;
    private String flagName;
    private String paramLabel;
    private String note;

    private HeadOption(String key, Type type, String help) {
        this.key = Objects.requireNonNull(key);
        this.type = type;
        this.help = help;
        this.summaryLabel = key;
    }

    public static HeadOption real(String key, String help) {
        return new HeadOption(key, Type.REAL, help);
    }

    public static HeadOption whole(String key, String help) {
        return new HeadOption(key, Type.WHOLE, help);
    }

    public static <E extends Enum<E> & Choices.Named> HeadOption choice(String key, Class<E> values, String help) {
        HeadOption o = new HeadOption(key, Type.CHOICE, help);
        o.choices = values;
        o.paramLabel = String.join("|", Arrays.stream(values.getEnumConstants()).map(Choices.Named::id).toList());
        return o;
    }

    public static HeadOption sizes(String key, String help) {
        HeadOption o = new HeadOption(key, Type.SIZES, help);
        o.paramLabel = "N[,N...]";
        o.bound = Bound.AT_LEAST;
        o.lo = 1;
        return o;
    }

    public static HeadOption flag(String key, String help) {
        HeadOption o = new HeadOption(key, Type.FLAG, help);
        o.dflt = false;
        return o;
    }

    // Declaration-time setters: each returns this, so a declaration reads as one chained expression.

    /** The default value: a Double, Integer, enum constant, List of sizes or Boolean as the type says (null: none). */
    HeadOption byDefault(Object value) {
        this.dflt = value;
        return this;
    }

    /** A default that depends on the other values of the setting (e.g. svm's C on the kernel); {@code text} for help. */
    HeadOption byDefault(Function<Map<String, Object>, Object> rule, String text) {
        this.dfltRule = rule;
        this.defaultText = text;
        return this;
    }

    /** How help states the default when the value alone says too little, e.g. {@code 1/number of features}. */
    HeadOption defaultText(String text) {
        this.defaultText = text;
        return this;
    }

    HeadOption positive() {
        bound = Bound.POSITIVE;
        return this;
    }

    HeadOption nonNegative() {
        bound = Bound.NON_NEGATIVE;
        return this;
    }

    HeadOption atLeast(int min) {
        bound = Bound.AT_LEAST;
        lo = min;
        return this;
    }

    HeadOption between(int min, int max) {
        bound = Bound.BETWEEN;
        lo = min;
        hi = max;
        return this;
    }

    /** In [0, 1): a fraction that cannot take everything. */
    HeadOption fraction() {
        bound = Bound.FRACTION;
        return this;
    }

    /** The values {@code --search} (or {@code search: true}) tries when the key is not given. */
    HeadOption search(String... values) {
        search = List.of(values);
        return this;
    }

    /** Shown in the compare summary always (as {@code label=value}, a choice as its bare id). */
    HeadOption shown() {
        shown = Shown.ALWAYS;
        return this;
    }

    /** Shown always, under a shorter label ({@code drop=0.3}). */
    HeadOption shown(String label) {
        shown = Shown.ALWAYS;
        summaryLabel = label;
        return this;
    }

    /** Shown when the recorded value differs from the default (a flag as its bare key, a choice as its id). */
    HeadOption shownIfChanged() {
        shown = Shown.IF_CHANGED;
        return this;
    }

    /** The command-line flag when it is not the key's ({@code reinit} is {@code reinit-trainable}); without dashes. */
    HeadOption flagName(String name) {
        flagName = name;
        return this;
    }

    /** The placeholder help shows for the value, e.g. {@code C} or {@code K}. */
    HeadOption label(String label) {
        paramLabel = label;
        return this;
    }

    /** A sentence help adds after the default, e.g. why the default differs from scikit-learn's. */
    HeadOption note(String text) {
        note = text;
        return this;
    }

    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    /** What the option does, in domain words (without kind, range or default: help adds those). */
    public String help() {
        return help;
    }

    public String note() {
        return note;
    }

    /** The flag's name without dashes: the key with {@code -} for {@code _}, unless declared otherwise. */
    public String flagName() {
        return flagName != null ? flagName : key.replace('_', '-');
    }

    public String paramLabel() {
        return paramLabel != null ? paramLabel : type == Type.WHOLE ? "N" : "X";
    }

    public List<String> searchValues() {
        return search;
    }

    public Shown shownInSummary() {
        return shown;
    }

    String summaryLabel() {
        return summaryLabel;
    }

    /** The default value when it does not depend on other values; null when it does or there is none. */
    public Object defaultValue() {
        return dfltRule == null ? dflt : null;
    }

    /** The default as help states it: {@code 0.001 linear, 1 rbf}, {@code 1000}, {@code cosine}. */
    public String defaultText() {
        if (defaultText != null) {
            return defaultText;
        }
        return text(dflt);
    }

    /** The allowed range as help states it, e.g. {@code > 0}, {@code in 0..5}; empty when any value goes. */
    public String rangeText() {
        return switch (bound) {
            case ANY -> "";
            case POSITIVE -> "> 0";
            case NON_NEGATIVE -> ">= 0";
            case AT_LEAST -> ">= " + lo;
            case BETWEEN -> "in " + lo + ".." + hi;
            case FRACTION -> "in [0, 1)";
        };
    }

    /** The value as text, as a run record or a flag writes it: {@code 0.001}, {@code 1000,500}, {@code rbf}. */
    static String text(Object v) {
        if (v instanceof List<?> l) {
            return String.join(",", l.stream().map(String::valueOf).toList());
        }
        if (v instanceof Choices.Named n) {
            return n.id();
        }
        if (v instanceof Number) {
            return OptionValues.num(v);
        }
        return String.valueOf(v);
    }

    /** The value of {@code text} ({@code null}: not given); malformed text is an {@link InvalidOption} naming the key. */
    Object parse(String text) {
        Map<String, String> m = Map.of(key, text);
        return switch (type) {
            case REAL -> OptionValues.number(m, key, 0);
            case WHOLE -> OptionValues.whole(m, key, 0);
            case CHOICE -> parseChoice(text);
            case SIZES -> List.copyOf(OptionValues.sizes(m, key, List.of()));
            case FLAG -> OptionValues.bool(m, key);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object parseChoice(String text) {
        return Choices.parse((Class) choices, key, text);
    }

    /** A value given in code ({@code with}): numbers widen or narrow to the type; text is parsed. */
    Object coerce(Object value) {
        if (value == null || value instanceof String) {
            return value == null ? null : parse((String) value);
        }
        return switch (type) {
            case REAL -> ((Number) value).doubleValue();
            case WHOLE -> Math.toIntExact(((Number) value).longValue());
            case SIZES -> List.copyOf((List<?>) value).stream().map(v -> ((Number) v).intValue()).toList();
            default -> value;
        };
    }

    /** The default for a setting whose other values are {@code values} (those given and the plain defaults). */
    Object defaultFor(Map<String, Object> values) {
        return dfltRule != null ? dfltRule.apply(values) : dflt;
    }

    boolean hasRuleDefault() {
        return dfltRule != null;
    }

    /** Throws an {@link InvalidOption} in domain words when {@code value} lies outside the declared range. */
    @SuppressWarnings("unchecked")
    void check(Object value) {
        if (value == null || bound == Bound.ANY) {
            return;
        }
        if (type == Type.SIZES) {
            for (int size : ((List<Integer>) value)) {
                if (size < lo) {
                    throw new InvalidOption(key, " sizes must be >= " + lo + " (got " + value + ")");
                }
            }
            return;
        }
        double v = ((Number) value).doubleValue();
        switch (bound) {
            case POSITIVE -> Check.positive(key, v);
            case NON_NEGATIVE -> Check.nonNegative(key, v);
            case AT_LEAST -> Check.atLeast(key, lo, (int) v);
            case BETWEEN -> Check.between(key, lo, hi, (int) v);
            case FRACTION -> Check.fraction(key, v);
            default -> { }
        }
    }

    @Override
    public String toString() {
        return key;
    }
}
