package dev.frozen.backbone;

import dev.frozen.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The arithmetic of the convolutions: {@code fp32}, or {@code bf16} (bfloat16 activations and weights with float32
 * accumulation, on CPUs with AVX512_BF16 or AMX). Features are stored as float32 either way; bf16 differs from
 * fp32 by about 1e-2 relative and is part of the cache key.
 */
public enum Precision implements dev.frozen.Choices.Named {
    FP32, BF16;

    public static Precision parse(String s) {
        return dev.frozen.Choices.parse(Precision.class, "precision", s);
    }

    /** True when {@code cpuFlags} (the flags line of /proc/cpuinfo) names a native bf16 instruction set. */
    public static boolean nativeBf16(String cpuFlags) {
        for (String f : cpuFlags.split("\\s+")) {
            if (f.equals("avx512_bf16") || f.equals("amx_bf16")) {
                return true;
            }
        }
        return false;
    }

    /** The CPU flags of this machine, or "" where /proc/cpuinfo cannot be read. */
    public static String cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return line.substring(line.indexOf(':') + 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unknown CPU: treated as having no native bf16, so the user must opt in to emulation.
        }
        return "";
    }

    /**
     * Refuses bf16 on a CPU without native bf16 unless {@code allowEmulated}; returns a warning to print, or null.
     * oneDNN still runs bf16 there, converting in software at a fraction of fp32's speed.
     */
    public String check(String cpuFlags, boolean allowEmulated) {
        if (this != BF16 || nativeBf16(cpuFlags)) {
            return null;
        }
        if (!allowEmulated) {
            throw new dev.frozen.InvalidOption("precision", " bf16: expected a CPU with native bf16 (AVX512_BF16 or AMX), found neither in "
                    + "/proc/cpuinfo; use " + Setting.key("precision") + " fp32, or add " + Setting.key("allow_emulated_bf16")
                    + " to run it slowly anyway");
        }
        return "warning: this CPU has no native bf16; oneDNN emulates it, typically slower than fp32";
    }
}
