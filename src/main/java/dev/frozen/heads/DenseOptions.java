package dev.frozen.heads;

import dev.frozen.UsageError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dense (fully connected) head hyperparameters. Defaults are the tutorial's Keras head: Dense(1000, relu),
 * Dropout(0.3), softmax; Adam lr 1e-3, batch 256, 10 epochs. {@code dropout} is the Keras DROP rate, in
 * [0, 1); it is converted to DL4J's retain probability only where the network is built. {@code trainableBlocks}
 * K > 0 puts VGG16's last K convolutional blocks, initialised from the extraction weights, in front of the
 * dense top and trains them too, on raw (unstandardised) rows; 0 trains the dense top alone on standardised rows.
 */
public record DenseOptions(List<Integer> hidden, double dropout, double lr, int epochs, int batch, int trainableBlocks)
        implements HeadOptions {
    public static final List<Integer> DEFAULT_HIDDEN = List.of(1000);
    public static final double DEFAULT_DROPOUT = 0.3;
    public static final double DEFAULT_LR = 1e-3;
    public static final int DEFAULT_EPOCHS = 10;
    public static final int DEFAULT_BATCH = 256;
    public static final int DEFAULT_TRAINABLE_BLOCKS = 0;
    /** At most blocks 2-5: block 1 reads images, and only pool-layer activations are ever cached. */
    public static final int MAX_TRAINABLE_BLOCKS = 4;

    public DenseOptions {
        hidden = hidden == null ? DEFAULT_HIDDEN : List.copyOf(hidden);
        for (int h : hidden) {
            if (h < 1) {
                throw new UsageError("--hidden sizes must be >= 1 (got " + hidden + ")");
            }
        }
        Check.fraction("--dropout", dropout);
        Check.positive("--lr", lr);
        Check.atLeast("--epochs", 1, epochs);
        Check.atLeast("--batch", 1, batch);
        Check.between("--trainable-blocks", 0, MAX_TRAINABLE_BLOCKS, trainableBlocks);
    }

    /** The frozen-base head: no convolution blocks. */
    public DenseOptions(List<Integer> hidden, double dropout, double lr, int epochs, int batch) {
        this(hidden, dropout, lr, epochs, batch, DEFAULT_TRAINABLE_BLOCKS);
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
        return p;
    }
}
