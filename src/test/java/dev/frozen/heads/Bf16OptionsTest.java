package dev.frozen.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.UsageError;
import dev.frozen.backbone.Precision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dense head's {@code precision}: recorded only when bf16, shown by compare, refused where it cannot run. */
class Bf16OptionsTest {
    @Test
    void bf16IsRecordedAndSummarisedAndFp32ParamsReadAsBefore() {
        DenseOptions fp32 = DenseOptions.defaults().with("hidden", List.of(8)).with("epochs", 2).with("batch", 16)
                .with("trainable_blocks", 1);
        assertEquals(Precision.FP32, fp32.precision());
        assertFalse(fp32.params().containsKey("precision"));
        assertEquals(fp32, DenseOptions.of(Map.of("hidden", "8", "epochs", "2", "batch", "16", "trainable_blocks", "1")));

        DenseOptions bf16 = DenseOptions.of(Map.of("hidden", "8", "trainable_blocks", "2", "precision", "bf16"));
        assertEquals(Precision.BF16, bf16.precision());
        assertEquals("bf16", bf16.params().get("precision"));
        assertTrue(DenseKind.KIND.summary(bf16.params()).endsWith("trainable_blocks=2 bf16"),
                DenseKind.KIND.summary(bf16.params()));
        assertEquals(bf16, DenseOptions.of(stringValues(bf16.params())));
    }

    @Test
    void bf16WithoutTrainableBlocksIsRefused() {
        UsageError e = assertThrows(UsageError.class,
                () -> DenseOptions.of(Map.of("precision", "bf16")));
        assertTrue(e.getMessage().contains("trainable_blocks is 0 (nothing convolutional to train)"), e.getMessage());
        assertTrue(assertThrows(UsageError.class, () -> DenseOptions.of(Map.of("precision", "fp16")))
                .getMessage().contains("fp32"));
    }

    @Test
    void bf16NeedsNativeInstructionsAndTheOneDnnPath() {
        String zen4 = "fpu sse2 avx2 avx512f avx512bw avx512_bf16 avx512_vnni";
        String sapphire = "fpu avx512f amx_tile amx_bf16 amx_int8";
        FastFineTune.requireBf16(zen4, true);
        FastFineTune.requireBf16(sapphire, true);
        UsageError noBf16 = assertThrows(UsageError.class,
                () -> FastFineTune.requireBf16("fpu sse2 avx2 avx512f avx512bw avx512_vnni", true));
        assertTrue(noBf16.getMessage().contains("expected a CPU with native bf16 instructions (AVX512_BF16 or "
                + "AMX_BF16)"), noBf16.getMessage());
        UsageError dl4j = assertThrows(UsageError.class, () -> FastFineTune.requireBf16(zen4, false));
        assertTrue(dl4j.getMessage().contains("FROZEN_FINETUNE=dl4j"), dl4j.getMessage());
    }

    private static Map<String, String> stringValues(Map<String, Object> params) {
        Map<String, String> m = new java.util.HashMap<>();
        params.forEach((k, v) -> m.put(k, v instanceof List<?> l
                ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v)));
        return m;
    }
}
