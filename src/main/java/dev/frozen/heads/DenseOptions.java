package dev.frozen.heads;

import dev.frozen.InvalidOption;
import dev.frozen.backbone.Precision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dense (fully connected) head hyperparameters. Defaults are the tutorial's Keras head: Dense(1000, relu),
 * Dropout(0.3), softmax; Adam lr 1e-3, batch 256, 10 epochs. {@code dropout} is the Keras DROP rate, in
 * [0, 1); it is converted to DL4J's retain probability only where the network is built. {@code trainableBlocks}
 * K > 0 puts VGG16's last K convolutional blocks, initialised from the extraction weights, in front of the
 * dense top and trains them too, on raw (unstandardised) rows; 0 trains the dense top alone on standardised rows.
 * {@code reinit} (a control) starts those K blocks from seeded Glorot-uniform values instead of the pretrained ones.
 * {@code precision} bf16 runs those blocks' convolutions in bfloat16 (see {@code training.OneDnnBlocks}).
 */
public record DenseOptions(List<Integer> hidden, double dropout, double lr, int epochs, int batch, int trainableBlocks,
        boolean reinit, Precision precision) implements HeadOptions {
    public static final List<Integer> DEFAULT_HIDDEN = List.of(1000);
    public static final double DEFAULT_DROPOUT = 0.3;
    public static final double DEFAULT_LR = 1e-3;
    public static final int DEFAULT_EPOCHS = 10;
    public static final int DEFAULT_BATCH = 256;
    public static final int DEFAULT_TRAINABLE_BLOCKS = 0;
    /** All five blocks: K=5 trains the whole base, on an entry cached at {@code input} (preprocessed images). */
    public static final int MAX_TRAINABLE_BLOCKS = 5;
    /** The keys of {@link #params()} and {@link #of(Map)}, as in run records and pipeline files. */
    public static final List<String> KEYS = List.of("hidden", "dropout", "lr", "epochs", "batch", "trainable_blocks",
            "reinit", "precision");

    public DenseOptions {
        hidden = hidden == null ? DEFAULT_HIDDEN : List.copyOf(hidden);
        for (int h : hidden) {
            if (h < 1) {
                throw new InvalidOption("hidden", " sizes must be >= 1 (got " + hidden + ")");
            }
        }
        Check.fraction("dropout", dropout);
        Check.positive("lr", lr);
        Check.atLeast("epochs", 1, epochs);
        Check.atLeast("batch", 1, batch);
        Check.between("trainable_blocks", 0, MAX_TRAINABLE_BLOCKS, trainableBlocks);
        if (reinit && trainableBlocks == 0) {
            throw new InvalidOption("reinit", " re-initialises the trainable blocks, but trainable_blocks is 0; "
                    + "give trainable_blocks 1 or more");
        }
        precision = precision == null ? Precision.FP32 : precision;
        if (precision == Precision.BF16 && trainableBlocks == 0) {
            throw new InvalidOption("precision", " bf16 runs the trainable convolution blocks in bf16, but "
                    + "trainable_blocks is 0 (nothing convolutional to train); give trainable_blocks 1 or more, or fp32");
        }
    }

    /** In fp32, the precision of every run before bf16 fine-tuning. */
    public DenseOptions(List<Integer> hidden, double dropout, double lr, int epochs, int batch, int trainableBlocks,
            boolean reinit) {
        this(hidden, dropout, lr, epochs, batch, trainableBlocks, reinit, Precision.FP32);
    }

    /** Starting from the pretrained weights (no reinit). */
    public DenseOptions(List<Integer> hidden, double dropout, double lr, int epochs, int batch, int trainableBlocks) {
        this(hidden, dropout, lr, epochs, batch, trainableBlocks, false);
    }

    /** The frozen-base head: no convolution blocks. */
    public DenseOptions(List<Integer> hidden, double dropout, double lr, int epochs, int batch) {
        this(hidden, dropout, lr, epochs, batch, DEFAULT_TRAINABLE_BLOCKS);
    }

    /**
     * One setting from text values keyed as {@link #KEYS} (the inverse of {@link #params()}); {@code hidden} is one
     * architecture, e.g. {@code 1000,500} for two layers. Missing keys take defaults.
     */
    public static DenseOptions of(Map<String, String> m) {
        return new DenseOptions(OptionValues.sizes(m, "hidden", DEFAULT_HIDDEN), OptionValues.number(m, "dropout", DEFAULT_DROPOUT),
                OptionValues.number(m, "lr", DEFAULT_LR), OptionValues.whole(m, "epochs", DEFAULT_EPOCHS),
                OptionValues.whole(m, "batch", DEFAULT_BATCH),
                OptionValues.whole(m, "trainable_blocks", DEFAULT_TRAINABLE_BLOCKS), bool(m, "reinit"),
                m.containsKey("precision") ? Precision.parse(m.get("precision")) : Precision.FP32);
    }

    private static boolean bool(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null || v.strip().equals("false")) {
            return false;
        }
        if (v.strip().equals("true")) {
            return true;
        }
        throw new InvalidOption(key, ": expected true or false, found '" + v + "'");
    }

    /** What {@code --search} tries for options not given: dropout x learning rate. */
    static Map<String, List<String>> searchGrid(Map<String, List<String>> given) {
        return Map.of("dropout", List.of("0.3", "0.5"), "lr", List.of("0.001", "0.0003"));
    }

    /** Table text for recorded params: {@code hidden=1000 drop=0.3 ep=10}, plus lr, batch and K when not default. */
    static String summary(Map<String, Object> p) {
        Object hidden = p.get("hidden");
        String h = hidden instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                : String.valueOf(hidden);
        StringBuilder s = new StringBuilder("hidden=").append(h)
                .append(" drop=").append(OptionValues.num(p.get("dropout")))
                .append(" ep=").append(OptionValues.num(p.get("epochs")));
        OptionValues.appendIfNot(s, "lr", p.get("lr"), DEFAULT_LR);
        OptionValues.appendIfNot(s, "batch", p.get("batch"), DEFAULT_BATCH);
        OptionValues.appendIfNot(s, "trainable_blocks", p.get("trainable_blocks"), DEFAULT_TRAINABLE_BLOCKS);
        if (Boolean.TRUE.equals(p.get("reinit"))) {
            s.append(" reinit");
        }
        if ("bf16".equals(p.get("precision"))) {
            s.append(" bf16");
        }
        return s.toString();
    }

    public static DenseOptions defaults() {
        return new DenseOptions(DEFAULT_HIDDEN, DEFAULT_DROPOUT, DEFAULT_LR, DEFAULT_EPOCHS, DEFAULT_BATCH);
    }

    @Override
    public HeadKind kind() {
        return HeadKind.DENSE;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("hidden", hidden);
        p.put("dropout", dropout);
        p.put("lr", lr);
        p.put("epochs", epochs);
        p.put("batch", batch);
        p.put("trainable_blocks", trainableBlocks);
        if (reinit) {
            p.put("reinit", true); // only when set, so the params of runs without the control read as before
        }
        if (precision == Precision.BF16) {
            p.put("precision", precision.id()); // likewise: fp32 runs' params read as before
        }
        return p;
    }
}
