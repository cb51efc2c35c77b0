package dev.frozen.heads;

import dev.frozen.backbone.Precision;
import dev.frozen.features.FeatureSet;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code dense} kind: a Deeplearning4j network, optionally with VGG16's last blocks in front of it. It keeps the
 * epoch with the best validation accuracy, so a refit trains for that many epochs, and it checks memory and the
 * cached layer before any row is read.
 */
final class DenseKind extends HeadKind {
    static final DenseKind KIND = new DenseKind();
    /** The fitted param naming the epoch kept by validation accuracy. */
    static final String KEPT_EPOCH = "kept_epoch";

    private DenseKind() {
        super("dense", DenseOptions.DECLARED, DenseOptions::new, DenseHead::load);
    }

    @Override
    Head train(HeadOptions o, SharedRows train, FeatureSet val, long seed, CachedLayer source, PrintStream log, Head warm) {
        return DenseTrainer.train((DenseOptions) o, train.rows(), val, seed, source, log);
    }

    @Override
    public void beforeFit(HeadOptions setting, CachedLayer source, int classes) {
        DenseOptions d = (DenseOptions) setting;
        source.requireBelowTrainable(d.trainableBlocks());
        DenseMemory.require(d, source, classes);
    }

    @Override
    public boolean trainsBaseBlocks() {
        return true;
    }

    @Override
    public int trainableBlocks(Map<String, Object> params) {
        Object v = params.get("trainable_blocks");
        return v == null ? 0 : Integer.parseInt(String.valueOf(v));
    }

    @Override
    public boolean reinitialised(Map<String, Object> params) {
        return Boolean.TRUE.equals(params.get("reinit"));
    }

    @Override
    public boolean bf16Blocks(Map<String, Object> params) {
        return Precision.BF16.id().equals(params.get("precision"));
    }

    @Override
    public Integer keptEpoch(Head head) {
        return head.params().get(KEPT_EPOCH) instanceof Number n ? n.intValue() : null;
    }

    @Override
    public Map<String, Object> paramsAcrossSeeds(Head head) {
        Map<String, Object> p = new LinkedHashMap<>(head.params());
        p.remove(KEPT_EPOCH); // one per seed, in seeds
        return p;
    }

    /** Without a validation split to pick the epoch, the refit trains for the epoch count validation chose. */
    @Override
    public HeadOptions forRefit(HeadOptions chosen, Head validated) {
        Integer kept = validated == null ? null : keptEpoch(validated);
        return kept == null ? chosen : chosen.with("epochs", kept);
    }
}
