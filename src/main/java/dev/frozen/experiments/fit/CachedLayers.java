package dev.frozen.experiments.fit;

import dev.frozen.backbone.Pooling;
import dev.frozen.features.EntryWeights;
import dev.frozen.features.ExtractHint;
import dev.frozen.features.Manifest;
import dev.frozen.heads.CachedLayer;

/** Reads a feature entry's manifest into the {@link CachedLayer} a head needs, so heads never see manifests. */
public final class CachedLayers {
    private CachedLayers() {}

    /**
     * The cached layer described by an entry's manifest, with its weights reloaded (and checked) from the same source;
     * ImageNet weights are found in (or downloaded to) {@code home}.
     */
    public static CachedLayer of(Manifest m, dev.frozen.FrozenHome home) {
        return of(m, home, null);
    }

    /** The same; a suggested extract command names {@code featuresDir}, the folder holding the entry. */
    public static CachedLayer of(Manifest m, dev.frozen.FrozenHome home, java.nio.file.Path featuresDir) {
        return new CachedLayer(m.entry(), m.layer(), m.featureShape(), () -> EntryWeights.verified(m.entry(), m, null, home).load(),
                m.poolingMode() != Pooling.NONE, layer -> new ExtractHint(m, featuresDir, layer));
    }
}
