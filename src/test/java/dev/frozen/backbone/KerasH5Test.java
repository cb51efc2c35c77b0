package dev.frozen.backbone;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasH5Test {
    @TempDir Path tmp;
    static final Vgg16Weights WEIGHTS = Vgg16Weights.random(7);

    @ParameterizedTest
    @EnumSource(TestH5.Style.class)
    void loadsBothNamingStylesExactly(TestH5.Style style) {
        Path file = tmp.resolve("w.h5");
        TestH5.write(file, WEIGHTS, style);
        Vgg16Weights loaded = KerasH5.load(file);
        for (Vgg16.Conv c : Vgg16.CONVS) {
            assertArrayEquals(WEIGHTS.get(c.name()).kernel(), loaded.get(c.name()).kernel(), c.name());
            assertArrayEquals(WEIGHTS.get(c.name()).bias(), loaded.get(c.name()).bias(), c.name());
        }
    }

    @Test
    void missingLayerIsNamed() {
        Path file = tmp.resolve("w.h5");
        TestH5.write(file, WEIGHTS, TestH5.Style.OLD, "block3_conv2", null);
        DataError e = assertThrows(DataError.class, () -> KerasH5.load(file));
        assertTrue(e.getMessage().startsWith("missing layer block3_conv2 in "), e.getMessage());
    }

    @Test
    void wrongKernelShapeNamesLayerAndBothShapes() {
        Path file = tmp.resolve("w.h5");
        TestH5.write(file, WEIGHTS, TestH5.Style.NEW, null, "block2_conv1");
        DataError e = assertThrows(DataError.class, () -> KerasH5.load(file));
        assertTrue(e.getMessage().contains("block2_conv1"), e.getMessage());
        assertTrue(e.getMessage().contains("[3, 3, 64, 128]") && e.getMessage().contains("[3, 3, 64, 129]"), e.getMessage());
    }

    @Test
    void notHdf5AndEmptyFilesAreRejected() throws Exception {
        Path text = tmp.resolve("weights.h5");
        Files.writeString(text, "this is not an HDF5 file at all, just some words");
        assertTrue(assertThrows(DataError.class, () -> KerasH5.load(text)).getMessage().contains("not HDF5"));
        Path empty = tmp.resolve("empty.h5");
        Files.createFile(empty);
        assertTrue(assertThrows(DataError.class, () -> KerasH5.load(empty)).getMessage().contains("not HDF5"));
        Path noLayers = tmp.resolve("nolayers.h5");
        try (var hdf = io.jhdf.HdfFile.write(noLayers)) {
            hdf.putAttribute("backend", "tensorflow");
        }
        assertTrue(assertThrows(DataError.class, () -> KerasH5.load(noLayers)).getMessage().contains("empty weights"));
        assertTrue(assertThrows(DataError.class, () -> KerasH5.load(tmp.resolve("absent.h5"))).getMessage().contains("no such file"));
    }

    @ParameterizedTest
    @EnumSource(TestH5.Style.class)
    void nonFiniteKernelOrBiasIsRefusedNamingTheLayer(TestH5.Style style) {
        Vgg16Weights nanKernel = Vgg16Weights.random(8);
        nanKernel.get("block5_conv3").kernel()[1234] = Float.NaN;
        Path a = tmp.resolve("nan.h5");
        TestH5.write(a, nanKernel, style);
        DataError e = assertThrows(DataError.class, () -> KerasH5.load(a));
        assertTrue(e.getMessage().contains("layer block5_conv3 (kernel)") && e.getMessage().contains("NaN"), e.getMessage());

        Vgg16Weights infBias = Vgg16Weights.random(9);
        infBias.get("block1_conv2").bias()[3] = Float.NEGATIVE_INFINITY;
        Path b = tmp.resolve("inf.h5");
        TestH5.write(b, infBias, style);
        DataError f = assertThrows(DataError.class, () -> KerasH5.load(b));
        assertTrue(f.getMessage().contains("layer block1_conv2 (bias)") && f.getMessage().contains("Infinity"), f.getMessage());
    }
}
