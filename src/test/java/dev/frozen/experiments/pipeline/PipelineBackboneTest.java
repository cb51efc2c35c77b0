package dev.frozen.experiments.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.frozen.UsageError;
import dev.frozen.backbone.Pooling;
import dev.frozen.backbone.Precision;
import dev.frozen.backbone.Preprocessing;
import dev.frozen.features.ExtractionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline's backbone section: its enums parsed once, one {@link ExtractionSettings} per (layer, input size). */
class PipelineBackboneTest {
    @TempDir Path tmp;

    private Pipeline load(String backbone) throws Exception {
        Path file = tmp.resolve("p.yaml");
        Files.writeString(file, "dataset:\n  kind: folder\n  generate: {classes: 2}\nbackbone:\n" + backbone
                + "heads:\n  - head: logreg\n");
        return Pipeline.load(file);
    }

    @Test
    void eachLayerAndSizeGetsItsSettings() throws Exception {
        Pipeline.Backbone b = load("""
                  weights: random:1
                  layer: [block4_pool, block5_pool]
                  input_size: [32, 64]
                  preprocessing: article
                  pooling: avg
                  precision: bf16
                  batch: 12
                """).backbone();
        assertSame(Preprocessing.ARTICLE, b.preprocessing());
        assertSame(Pooling.AVG, b.pooling());
        assertSame(Precision.BF16, b.precision());
        assertEquals(ExtractionSettings.builder().layer("block4_pool").inputSize(64).preprocessing(Preprocessing.ARTICLE)
                .pooling(Pooling.AVG).precision(Precision.BF16).batch(12).build(), b.settings("block4_pool", 64));
    }

    @Test
    void leftOutKeysTakeTheSettingsDefaults() throws Exception {
        Pipeline.Backbone b = load("  weights: random:1\n").backbone();
        assertEquals(List.of(ExtractionSettings.DEFAULT_LAYER), b.layers());
        assertEquals(List.of(ExtractionSettings.DEFAULT_INPUT_SIZE), b.inputSizes());
        assertEquals(ExtractionSettings.DEFAULTS, b.settings(b.layers().get(0), b.inputSizes().get(0)));
    }

    @Test
    void wrongValuesListTheEnumsIdsAllAtOnce() throws Exception {
        UsageError e = assertThrows(UsageError.class, () -> load("""
                  preprocessing: Caffe
                  pooling: sum
                  precision: fp16
                """));
        String file = tmp.resolve("p.yaml").toString();
        assertEquals("3 problems: " + String.join("; ",
                file + ":5: backbone.preprocessing: expected one of caffe, article, found 'Caffe'",
                file + ":6: backbone.pooling: expected one of none, avg, max, found 'sum'",
                file + ":7: backbone.precision: expected one of fp32, bf16, found 'fp16'"), e.getMessage());
    }
}
