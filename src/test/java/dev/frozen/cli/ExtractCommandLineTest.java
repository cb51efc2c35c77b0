package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.features.ExtractHint;
import dev.frozen.features.Manifest;
import dev.frozen.features.TestManifests;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtractCommandLineTest {
    @Test
    void repeatsTheEntrysOwnDataWeightsAndSizeSoNothingIsDownloaded() {
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, "e",
                new Manifest.Dataset("cifar10", "cifar10", "f".repeat(64), "/data/my cifar"),
                new Manifest.Weights("vgg.h5", "0".repeat(64), false, "/w/vgg.h5"),
                "vgg16", "block5_pool", 64, "article", List.of(2, 2, 512), 2048, Map.of("train", 1, "test", 1),
                List.of("a", "b"), Map.of(), Map.of(), "2026-01-01T00:00:00Z", "avg", "bf16");
        assertEquals("frozen extract --data '/data/my cifar' --weights /w/vgg.h5 --layer block4_pool --input-size 64 "
                + "--preprocessing article --pooling avg --precision bf16 --features-dir /x/features",
                ExtractCommandLine.of(new ExtractHint(m, Path.of("/x/features"), "block4_pool")));
    }

    @Test
    void imagenetWeightsAndTheDefaultKindNeedNoFlag() {
        Manifest m = TestManifests.of("e", 2, 3, 3, List.of("a", "b", "c"));
        Manifest imagenet = new Manifest(m.formatVersion(), m.entry(),
                new Manifest.Dataset("cifar10", "cifar10", "f".repeat(64), "/h/cifar-10-batches-bin"),
                new Manifest.Weights("imagenet", "0".repeat(64), false), m.backbone(), m.layer(), 48, "caffe",
                m.featureShape(), m.featureDim(), m.rows(), m.classNames(), m.files(), m.versions(), m.created(), null, null);
        assertEquals("frozen extract --data /h/cifar-10-batches-bin --layer block3_pool --input-size 48",
                ExtractCommandLine.of(new ExtractHint(imagenet, null, "block3_pool")));
    }

    @Test
    void quotesWordsTheShellWouldSplit() {
        assertEquals("plain/path-1.h5", ExtractCommandLine.quote("plain/path-1.h5"));
        assertEquals("'it'\\''s here'", ExtractCommandLine.quote("it's here"));
    }
}
