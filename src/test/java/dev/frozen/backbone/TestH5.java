package dev.frozen.backbone;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes Keras-layout VGG16 weight files for tests, in either naming style, optionally damaged. */
public final class TestH5 {
    public enum Style { OLD, NEW }

    private TestH5() {}

    public static void write(Path file, Vgg16Weights weights, Style style) {
        write(file, weights, style, null, null);
    }

    /** {@code skipLayer} is left out entirely; {@code badLayer} gets a kernel with one output too many. */
    public static void write(Path file, Vgg16Weights weights, Style style, String skipLayer, String badLayer) {
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            List<String> layerNames = new ArrayList<>();
            layerNames.add("input_1");
            hdf.putGroup("input_1"); // Keras writes an empty weight_names here; jhdf cannot write empty arrays
            for (int b = 1; b <= Vgg16.BLOCKS; b++) {
                for (Vgg16.Conv c : Vgg16.convsOfBlock(b)) {
                    if (c.name().equals(skipLayer)) {
                        continue;
                    }
                    layerNames.add(c.name());
                    ConvWeights w = weights.get(c.name());
                    int out = c.name().equals(badLayer) ? c.out() + 1 : c.out();
                    float[][][][] kernel = new float[3][3][c.in()][out];
                    for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < c.in(); k++) for (int o = 0; o < c.out(); o++) {
                        kernel[i][j][k][o] = w.kernel()[((i * 3 + j) * c.in() + k) * c.out() + o];
                    }
                    WritableGroup g = hdf.putGroup(c.name());
                    if (style == Style.OLD) {
                        g.putDataset(c.name() + "_W_1:0", kernel);
                        g.putDataset(c.name() + "_b_1:0", w.bias());
                        g.putAttribute("weight_names", new String[] {c.name() + "_W_1:0", c.name() + "_b_1:0"});
                    } else {
                        WritableGroup inner = g.putGroup(c.name());
                        inner.putDataset("kernel:0", kernel);
                        inner.putDataset("bias:0", w.bias());
                        g.putAttribute("weight_names", new String[] {c.name() + "/kernel:0", c.name() + "/bias:0"});
                    }
                }
                layerNames.add("block" + b + "_pool");
                hdf.putGroup("block" + b + "_pool");
            }
            hdf.putAttribute("layer_names", layerNames.toArray(new String[0]));
            hdf.putAttribute("backend", "tensorflow");
        }
    }
}
