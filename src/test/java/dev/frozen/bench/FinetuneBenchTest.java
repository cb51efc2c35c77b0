package dev.frozen.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The bf16 parts of {@code bench --finetune}'s output: the CPU line and the ratios line. */
class FinetuneBenchTest {
    @Test
    void cpuLineNamesTheBf16FlagsPresentAndMissing() {
        assertEquals("cpu: AMD EPYC; avx512f avx512_bf16 (no amx_bf16 amx_tile)",
                FinetuneBench.cpuLine("AMD EPYC", " fpu avx512f avx512bw avx512_bf16 avx512_vnni"));
        assertEquals("cpu: Xeon; avx512f avx512_bf16 amx_bf16 amx_tile",
                FinetuneBench.cpuLine("Xeon", "avx512f amx_tile avx512_bf16 amx_bf16 amx_int8"));
        assertEquals("cpu: old; none of avx512f avx512_bf16 amx_bf16 amx_tile", FinetuneBench.cpuLine("old", "fpu sse2"));
    }

    @Test
    void ratiosCompareBf16WithFp32AndThePeers() {
        assertEquals("K=1: bf16/fp32 1.50x (frozen)", FinetuneBench.ratios(1, 100, 150, null, null));
        assertEquals("K=2: bf16/fp32 2.00x (frozen), 1.25x (pytorch); frozen bf16 vs pytorch fp32 4.00x, vs pytorch "
                + "bf16 3.20x", FinetuneBench.ratios(2, 50, 100, 25.0, 31.25));
    }
}
