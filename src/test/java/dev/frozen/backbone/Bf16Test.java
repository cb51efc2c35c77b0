package dev.frozen.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.UsageError;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** bf16 convolutions: close to fp32 (about 1e-2), and refused on CPUs without native bf16 unless asked for. */
class Bf16Test {
    @Test
    void bf16FeaturesAreWithinTwoPercentOfFp32() {
        Vgg16Weights w = Vgg16Weights.random(11);
        Random r = new Random(3);
        float[] x = new float[4 * 48 * 48 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 255 - 120);
        }
        // Runs everywhere: on a CPU without native bf16 oneDNN converts in software, slowly but with the same rounding.
        try (OneDnnBase fp32 = new OneDnnBase(w, "block4_pool", Precision.FP32);
                OneDnnBase bf16 = new OneDnnBase(w, "block4_pool", Precision.BF16)) {
            float[] a = fp32.forward(x, 4, 48);
            float[] b = bf16.forward(x, 4, 48);
            assertEquals(a.length, b.length);
            double num = 0;
            double den = 0;
            boolean differs = false;
            for (int i = 0; i < a.length; i++) {
                num += (a[i] - b[i]) * (double) (a[i] - b[i]);
                den += a[i] * (double) a[i];
                differs |= a[i] != b[i];
            }
            double rel = Math.sqrt(num / den);
            assertTrue(den > 0);
            assertTrue(rel <= 2e-2, "relative error " + rel);
            assertTrue(differs, "bf16 gave bit-identical features: it did not run in bf16");
        }
    }

    @Test
    void refusedWithoutNativeBf16UnlessAllowed() {
        assertTrue(Precision.nativeBf16(" fpu avx2 avx512f avx512_bf16 sha_ni"));
        assertTrue(Precision.nativeBf16(" avx2 amx_bf16 amx_tile"));
        String avx2Only = " fpu sse4_2 avx2 fma";
        UsageError e = assertThrows(UsageError.class, () -> Precision.BF16.check(avx2Only, false));
        assertTrue(e.getMessage().contains("AVX512_BF16 or AMX"), e.getMessage());
        assertNotNull(Precision.BF16.check(avx2Only, true));
        assertNull(Precision.FP32.check(avx2Only, false));
        assertNull(Precision.BF16.check(" avx512_bf16", false));
        assertThrows(UsageError.class, () -> FrozenBase.create(Vgg16Weights.random(1), "block1_pool", FrozenBase.Engine.ND4J,
                Precision.BF16));
    }
}
