package dev.frozen.experiments.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.Setting;
import org.junit.jupiter.api.Test;

class PipelineKeysTest {
    @Test
    void aSettingIsNamedWhereThePipelineFileHoldsIt() {
        assertEquals("backbone.precision", PipelineKeys.name("precision"));
        assertEquals("dataset.data", PipelineKeys.name("data"));
        assertEquals("features_dir", PipelineKeys.name("features_dir"));
        assertEquals("heads.max_iter", PipelineKeys.name("max_iter"));
        assertEquals("heads.cv", PipelineKeys.name("cv"));
    }

    @Test
    void aSettingTheFileCannotHoldStaysAFlag() {
        assertEquals("--force", PipelineKeys.name("force"));
        assertEquals("--allow-emulated-bf16", PipelineKeys.name("allow_emulated_bf16"));
        assertEquals("lower backbone.batch, or use --force",
                Setting.render("lower " + Setting.key("batch") + ", or use " + Setting.key("force"), PipelineKeys::name));
    }
}
