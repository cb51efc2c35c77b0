package dev.frozen.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.DataError;
import dev.frozen.InvalidOption;
import dev.frozen.Json;
import dev.frozen.backbone.FrozenBase;
import dev.frozen.backbone.Pooling;
import dev.frozen.backbone.Precision;
import dev.frozen.backbone.Preprocessing;
import dev.frozen.data.ImageDataset;
import dev.frozen.data.Split;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtractionSettingsTest {
    private static final Manifest.Dataset DATASET = new Manifest.Dataset("folder", "mem", "f".repeat(64), "/nowhere");
    private static final Manifest.Weights WEIGHTS = new Manifest.Weights("random:1", null, true);
    private static final Map<String, Integer> ROWS = Map.of("train", 10, "test", 3);
    private static final List<String> CLASSES = List.of("a", "b");
    private static final Map<String, String> VERSIONS = Map.of("frozen", "test", "engine", "onednn");
    private static final String CREATED = "2026-01-01T00:00:00Z";

    @Test
    void theBuilderStartsFromTheTutorialsSettings() {
        ExtractionSettings d = ExtractionSettings.builder().build();
        assertEquals(ExtractionSettings.DEFAULTS, d);
        assertEquals("block5_pool", d.layer());
        assertEquals(48, d.inputSize());
        assertSame(Preprocessing.CAFFE, d.preprocessing());
        assertSame(Pooling.NONE, d.pooling());
        assertSame(Precision.FP32, d.precision());
        assertSame(Augment.NONE, d.augment());
        assertEquals(ExtractionSettings.AUTO_BATCH, d.batch());
        assertEquals(128, d.batchSize(), "128 images at 48 px");
        assertEquals(ExtractionSettings.autoBatch(224), d.toBuilder().inputSize(224).build().batchSize());
        assertEquals(7, d.toBuilder().batch(7).build().batchSize());
        assertEquals(List.of(1, 1, 512), d.featureShape());
        assertEquals(512, d.featureDim());
        assertEquals(List.of(3, 3, 512), d.toBuilder().inputSize(96).build().featureShape());
        assertEquals(List.of(1, 1, 512), d.toBuilder().inputSize(96).pooling(Pooling.AVG).build().featureShape());
    }

    @Test
    void withLayerChangesTheLayerOnly() {
        ExtractionSettings s = ExtractionSettings.builder().inputSize(64).pooling(Pooling.MAX).precision(Precision.BF16)
                .batch(9).build();
        ExtractionSettings other = s.withLayer("block3_pool");
        assertEquals("block3_pool", other.layer());
        assertEquals(s, other.withLayer(s.layer()));
    }

    @Test
    void invalidSettingsAreRefusedInDomainWordsNamingTheSetting() {
        InvalidOption layer = assertThrows(InvalidOption.class,
                () -> ExtractionSettings.builder().layer("block9_pool").build());
        assertEquals("layer", layer.key());
        assertTrue(layer.getMessage().startsWith("layer: expected a VGG16 layer (input, block1_conv1, "), layer.getMessage());
        assertTrue(layer.getMessage().endsWith("found 'block9_pool'"), layer.getMessage());

        InvalidOption size = assertThrows(InvalidOption.class, () -> ExtractionSettings.builder().inputSize(16).build());
        assertEquals("input_size must be at least 32 (five 2x2 poolings), found 16", size.getMessage());
        assertEquals("--input-size must be at least 32 (five 2x2 poolings), found 16", size.asFlag());

        InvalidOption batch = assertThrows(InvalidOption.class, () -> ExtractionSettings.builder().batch(0));
        assertEquals("--batch must be at least 1, found 0", batch.asFlag(), "what extract always said");
        assertThrows(InvalidOption.class, () -> new ExtractionSettings("block5_pool", 48, Preprocessing.CAFFE, Pooling.NONE,
                Precision.FP32, Augment.NONE, -1));

        InvalidOption missing = assertThrows(InvalidOption.class, () -> ExtractionSettings.builder().pooling(null).build());
        assertEquals("pooling: expected a value, found none", missing.getMessage());
        assertEquals("backbone.pooling: expected a value, found none", missing.asKey("backbone"));
    }

    /**
     * Hashes and names computed by CacheKey as it was before the settings value (strings for every setting, commit
     * d446a26): entries already on disk must still be found under these names.
     */
    @Test
    void keysAreTheSameAsBeforeTheSettingsValue() {
        ExtractionSettings d = ExtractionSettings.DEFAULTS;
        assertKey("63e1574dcdf5363c3a3ba6362a8dbb76a785ae7919a68b71d7a03a1fde9b9501",
                "cifar10-vgg16-block5_pool-48px-63e1574d", new CacheKey("cifar10", "sha256:ab", "md5:cd", false, d));
        assertKey("45f41708c62e3b627c67bdcc99fbf4374648ce8970c313320f7871ea25978948",
                "cifar10-vgg16-block5_pool-224px-avgpool-45f41708", new CacheKey("cifar10", "sha256:ab", "md5:cd", false,
                        d.toBuilder().inputSize(224).pooling(Pooling.AVG).build()));
        assertKey("0ddac1c644c6327b101d2f8edc3fe71ad163c76ff26afd0ed880126990bb6343",
                "cifar10-vgg16-block4_pool-64px-bf16-0ddac1c6", new CacheKey("cifar10", "sha256:ab", "md5:cd", false,
                        d.toBuilder().layer("block4_pool").inputSize(64).precision(Precision.BF16).build()));
        assertKey("4cb95f55aebbd7ae4fcc45f403453ea88699b55f4737ae04d5fe7d846bb44728",
                "cifar10-vgg16-block3_pool-32px-article-maxpool-bf16-hflip-random-4cb95f55",
                new CacheKey("cifar10", "sha256:ab", "random:1:he-normal-v1", true, d.toBuilder().layer("block3_pool")
                        .inputSize(32).preprocessing(Preprocessing.ARTICLE).pooling(Pooling.MAX).precision(Precision.BF16)
                        .augment(Augment.HFLIP).build()));
        assertKey("f4b57499e91954cdccc603b8ee35653fe29873205bc989a1df398669643c7fad",
                "mem-vgg16-block5_pool-48px-hflip-f4b57499",
                new CacheKey("mem", "sha256:ab", "md5:cd", false, d.toBuilder().augment(Augment.HFLIP).build()));
    }

    private static void assertKey(String hash, String name, CacheKey key) {
        assertEquals(hash, key.hash());
        assertEquals(name, key.entryName());
    }

    @Test
    void theBatchDoesNotKeyTheCache() {
        ExtractionSettings d = ExtractionSettings.DEFAULTS;
        CacheKey auto = new CacheKey("mem", "sha256:ab", "md5:cd", false, d);
        CacheKey eight = new CacheKey("mem", "sha256:ab", "md5:cd", false, d.toBuilder().batch(8).build());
        assertEquals(auto.entryName(), eight.entryName());
        assertNotEquals(auto.entryName(), new CacheKey("mem", "sha256:ab", "md5:cd", false,
                d.toBuilder().precision(Precision.BF16).build()).entryName());
    }

    /** The JSON that Extraction wrote before the settings value: strings, with defaults written as absent. */
    @Test
    void manifestsFromSettingsAreWrittenAsBefore() {
        ExtractionSettings s = ExtractionSettings.builder().layer("block4_pool").inputSize(64).pooling(Pooling.AVG)
                .precision(Precision.BF16).augment(Augment.HFLIP).batch(16).build();
        Manifest before = new Manifest(Manifest.FORMAT_VERSION, "e", DATASET, WEIGHTS, "vgg16", "block4_pool", 64, "caffe",
                List.of(1, 1, 512), 512, ROWS, CLASSES, Map.of(), VERSIONS, CREATED, "avg", "bf16", "hflip");
        assertEquals(Json.write(before), Json.write(Manifest.of("e", DATASET, WEIGHTS, s, ROWS, CLASSES, VERSIONS, CREATED)));

        Manifest plainBefore = new Manifest(Manifest.FORMAT_VERSION, "e", DATASET, WEIGHTS, "vgg16", "block5_pool", 48,
                "caffe", List.of(1, 1, 512), 512, ROWS, CLASSES, Map.of(), VERSIONS, CREATED, null, null, null);
        String plain = Json.write(Manifest.of("e", DATASET, WEIGHTS, ExtractionSettings.DEFAULTS, ROWS, CLASSES, VERSIONS,
                CREATED));
        assertEquals(Json.write(plainBefore), plain);
        assertTrue(!plain.contains("pooling") && !plain.contains("precision") && !plain.contains("augment"), plain);
    }

    @Test
    void aManifestRoundTripsThroughItsSettings() throws Exception {
        for (ExtractionSettings s : List.of(ExtractionSettings.DEFAULTS,
                ExtractionSettings.builder().layer("block3_pool").inputSize(40).preprocessing(Preprocessing.ARTICLE)
                        .pooling(Pooling.MAX).precision(Precision.BF16).augment(Augment.HFLIP).build(),
                ExtractionSettings.builder().layer("input").inputSize(32).build())) {
            Manifest m = Manifest.of("e", DATASET, WEIGHTS, s, ROWS, CLASSES, VERSIONS, CREATED);
            String json = Json.write(m);
            Manifest read = Json.MAPPER.readValue(json, Manifest.class);
            assertEquals(s, read.settings(), "batch is not recorded: it reads back as automatic, like the input");
            assertEquals(json, Json.write(Manifest.of("e", DATASET, WEIGHTS, read.settings(), ROWS, CLASSES, VERSIONS,
                    CREATED)));
        }
    }

    @Test
    void aManifestWithAnImpossibleSettingIsDamagedData() {
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, "e", DATASET, WEIGHTS, "vgg16", "block9_pool", 48, "caffe",
                List.of(1, 1, 512), 512, ROWS, CLASSES, Map.of(), VERSIONS, CREATED, null, null, null);
        DataError e = assertThrows(DataError.class, m::settings);
        assertTrue(e.getMessage().startsWith("the manifest of entry e is damaged: layer: expected a VGG16 layer"),
                e.getMessage());
        assertTrue(dev.frozen.Setting.render(e.getMessage(), dev.frozen.Setting.FLAGS).endsWith("found 'block9_pool'; rebuild it with 'frozen extract --force'"), e.getMessage());
    }

    /** A request derived from an augmented one sees the same copies, not copies of copies. */
    @Test
    void requestsSeeTheDatasetThroughTheirAugmentationOnce() {
        ImageDataset ds = new InMemoryDataset(32, 5, 2, 1);
        Extraction.Weights w = new Extraction.Weights("random:1", "random:1", true, () -> null, () -> null, null);
        ExtractionSettings s = ExtractionSettings.builder().inputSize(32).augment(Augment.HFLIP).build();
        Extraction.Request r = new Extraction.Request(ds, w, s, Path.of("f"), false, null);
        assertEquals(10, r.dataset().size(Split.TRAIN));
        assertEquals(2, r.dataset().size(Split.TEST));
        Extraction.Request other = r.withLayer("block4_pool");
        assertEquals(10, other.dataset().size(Split.TRAIN));
        assertSame(FrozenBase.Engine.ONEDNN, other.engine());
        assertEquals(new CacheKey("mem", ds.fingerprint(), "random:1", true, s.withLayer("block4_pool")).entryName(),
                Extraction.key(other).entryName());
    }
}
