package dev.frozen.heads;

import dev.frozen.InvalidOption;
import dev.frozen.backbone.Precision;
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
public final class DenseOptions extends HeadOptions {
    public static final List<Integer> DEFAULT_HIDDEN = List.of(1000);
    public static final double DEFAULT_DROPOUT = 0.3;
    public static final double DEFAULT_LR = 1e-3;
    public static final int DEFAULT_EPOCHS = 10;
    public static final int DEFAULT_BATCH = 256;
    public static final int DEFAULT_TRAINABLE_BLOCKS = 0;
    /** All five blocks: K=5 trains the whole base, on an entry cached at {@code input} (preprocessed images). */
    public static final int MAX_TRAINABLE_BLOCKS = 5;

    /** The options, once: keys, defaults, ranges, help and search grids (see {@link HeadOption}). */
    static final List<HeadOption> DECLARED = List.of(
            HeadOption.sizes("hidden", "sizes of the hidden relu layers, each followed by dropout")
                    .byDefault(DEFAULT_HIDDEN).shown(),
            HeadOption.real("dropout", "fraction of hidden activations DROPPED during training (as Keras)")
                    .byDefault(DEFAULT_DROPOUT).fraction().label("P").search("0.3", "0.5").shown("drop"),
            HeadOption.real("lr", "Adam learning rate").byDefault(DEFAULT_LR).positive().label("R")
                    .search("0.001", "0.0003").shownIfChanged(),
            HeadOption.whole("epochs", "passes over the training rows").byDefault(DEFAULT_EPOCHS).atLeast(1).shown("ep"),
            HeadOption.whole("batch", "mini-batch size").byDefault(DEFAULT_BATCH).atLeast(1).shownIfChanged(),
            HeadOption.whole("trainable_blocks", "also train VGG16's last K convolutional blocks, rebuilt from the "
                    + "extraction weights in front of the dense top").byDefault(DEFAULT_TRAINABLE_BLOCKS)
                    .defaultText("0, the dense top alone").between(0, MAX_TRAINABLE_BLOCKS).label("K").shownIfChanged()
                    .note("The entry must be cached at block(5-K)_pool or below (K=5: at layer input, the preprocessed "
                            + "images), and its features are then NOT standardised. Relative cost of each K: see above."),
            HeadOption.flag("reinit", "with K trainable blocks: start those K blocks from seeded Glorot-uniform values "
                    + "instead of the pretrained ones (a control: what do the pretrained weights of those blocks buy?); "
                    + "recorded as reinit in the run's params").flagName("reinit-trainable").shownIfChanged(),
            HeadOption.choice("precision", Precision.class, "with K >= 1 trainable blocks: the arithmetic of their "
                    + "convolutions; bf16 runs them in bfloat16 with fp32 master weights, Adam and loss, on CPUs with "
                    + "AVX512_BF16 or AMX; recorded in the run's params when bf16").byDefault(Precision.FP32)
                    .shownIfChanged());

    DenseOptions(Map<String, Object> values) {
        super(DenseKind.KIND, values);
        if (reinit() && trainableBlocks() == 0) {
            throw new InvalidOption("reinit", " re-initialises the trainable blocks, but trainable_blocks is 0; "
                    + "give trainable_blocks 1 or more");
        }
        if (precision() == Precision.BF16 && trainableBlocks() == 0) {
            throw new InvalidOption("precision", " bf16 runs the trainable convolution blocks in bf16, but "
                    + "trainable_blocks is 0 (nothing convolutional to train); give trainable_blocks 1 or more, or fp32");
        }
    }

    /** precision only when bf16, so that the params of fp32 runs read as before it existed. */
    @Override
    boolean records(String key) {
        return !key.equals("precision") || precision() == Precision.BF16;
    }

    /**
     * One setting from text values keyed as in run records (the inverse of {@link #params()}); {@code hidden} is one
     * architecture, e.g. {@code 1000,500} for two layers. Missing keys take defaults.
     */
    public static DenseOptions of(Map<String, String> m) {
        return (DenseOptions) DenseKind.KIND.of(m);
    }

    public static DenseOptions defaults() {
        return of(Map.of());
    }

    @Override
    public DenseOptions with(String key, Object value) {
        return (DenseOptions) super.with(key, value);
    }

    public List<Integer> hidden() {
        return sizes("hidden");
    }

    public double dropout() {
        return real("dropout");
    }

    public double lr() {
        return real("lr");
    }

    public int epochs() {
        return whole("epochs");
    }

    public int batch() {
        return whole("batch");
    }

    public int trainableBlocks() {
        return whole("trainable_blocks");
    }

    public boolean reinit() {
        return flag("reinit");
    }

    public Precision precision() {
        return choice("precision", Precision.class);
    }
}
