package dev.frozen.backbone;

import dev.frozen.DataError;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Keras-layout VGG16 "notop" HDF5 weights file. Layers and their weights are found through the
 * {@code layer_names} and {@code weight_names} attributes, so both the old naming
 * ({@code block1_conv1_W_1:0}) and the nested new one ({@code block1_conv1/kernel:0}) load. Every
 * convolution is checked for presence and shape, and errors name the layer.
 */
public final class KerasH5 {
    private KerasH5() {}

    public static Vgg16Weights load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataError("expected a Keras HDF5 weights file at " + file + ", found no such file");
        }
        try {
            if (Files.size(file) < 8 || !isHdf5(file)) {
                throw new DataError("expected a Keras HDF5 weights file at " + file
                        + ", found a file that is not HDF5 (no HDF5 signature)");
            }
        } catch (java.io.IOException e) {
            throw new DataError("cannot read " + file + ": " + e.getMessage(), e);
        }
        try (HdfFile hdf = new HdfFile(file)) {
            Group root = weightsRoot(hdf, file);
            List<String> layerNames = strings(root.getAttribute("layer_names"));
            if (layerNames.isEmpty()) {
                throw new DataError("expected VGG16 layers in " + file + ", found an empty layer_names attribute (empty weights)");
            }
            Map<String, ConvWeights> layers = new LinkedHashMap<>();
            for (Vgg16.Conv conv : Vgg16.CONVS) {
                if (!layerNames.contains(conv.name())) {
                    throw new DataError("missing layer " + conv.name() + " in " + file + " (layer_names has "
                            + layerNames.size() + " layers: " + abbreviate(layerNames) + ")");
                }
                layers.put(conv.name(), readConv(root, conv, file));
            }
            return new Vgg16Weights(layers);
        } catch (DataError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataError("expected a readable Keras HDF5 weights file at " + file + ", found a damaged or unsupported HDF5 file ("
                    + dev.frozen.Plain.describe(e) + ")", e);
        }
    }

    private static boolean isHdf5(Path file) throws java.io.IOException {
        // The superblock signature sits at offset 0, 512, 1024, ... (user blocks may precede it).
        byte[] sig = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            for (long off = 0; off + 8 <= size && off <= 1 << 20; off = off == 0 ? 512 : off * 2) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8);
                ch.read(buf, off);
                if (Arrays.equals(buf.array(), sig)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Weights saved with {@code model.save()} sit under {@code model_weights}; {@code save_weights()} at the root. */
    private static Group weightsRoot(HdfFile hdf, Path file) {
        if (hdf.getAttribute("layer_names") != null) {
            return hdf;
        }
        Node nested = hdf.getChildren().get("model_weights");
        if (nested instanceof Group g && g.getAttribute("layer_names") != null) {
            return g;
        }
        if (hdf.getChildren().isEmpty()) {
            throw new DataError("expected VGG16 layers in " + file + ", found an HDF5 file with no layers (empty weights)");
        }
        throw new DataError("expected a Keras weights file with a 'layer_names' attribute in " + file
                + ", found none (top-level objects: " + hdf.getChildren().keySet() + ")");
    }

    private static ConvWeights readConv(Group root, Vgg16.Conv conv, Path file) {
        Node node = root.getChildren().get(conv.name());
        if (!(node instanceof Group group)) {
            throw new DataError("missing layer " + conv.name() + " in " + file + " (listed in layer_names but no group)");
        }
        List<String> weightNames = strings(group.getAttribute("weight_names"));
        if (weightNames.size() != 2) {
            throw new DataError("expected 2 weights (kernel, bias) for layer " + conv.name() + " in " + file + ", found "
                    + weightNames.size() + (weightNames.isEmpty() ? " (empty weights)" : ": " + weightNames));
        }
        float[] kernel = null;
        float[] bias = null;
        for (String name : weightNames) {
            Dataset ds = dataset(group, name, conv, file);
            int[] dims = ds.getDimensions();
            if (dims.length == 4) {
                int[] expected = {3, 3, conv.in(), conv.out()};
                if (!Arrays.equals(dims, expected)) {
                    throw new DataError("wrong kernel shape for layer " + conv.name() + " in " + file + ": expected "
                            + Arrays.toString(expected) + ", found " + Arrays.toString(dims));
                }
                kernel = floats(ds);
            } else if (dims.length == 1) {
                if (dims[0] != conv.out()) {
                    throw new DataError("wrong bias shape for layer " + conv.name() + " in " + file + ": expected ["
                            + conv.out() + "], found " + Arrays.toString(dims));
                }
                bias = floats(ds);
            } else {
                throw new DataError("unexpected weight " + name + " of shape " + Arrays.toString(dims) + " for layer "
                        + conv.name() + " in " + file + "; expected a 4-D kernel and a 1-D bias");
            }
        }
        if (kernel == null || bias == null) {
            throw new DataError("expected a 4-D kernel and a 1-D bias for layer " + conv.name() + " in " + file
                    + ", found " + weightNames);
        }
        requireFinite(kernel, "kernel", conv, file);
        requireFinite(bias, "bias", conv, file);
        return new ConvWeights(conv.name(), conv.in(), conv.out(), kernel, bias);
    }

    /** A NaN or infinity would not fail the forward pass, only make its features silently wrong; refuse it by layer. */
    private static void requireFinite(float[] values, String what, Vgg16.Conv conv, Path file) {
        int bad = 0;
        int first = -1;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                if (bad++ == 0) {
                    first = i;
                }
            }
        }
        if (bad > 0) {
            throw new DataError("expected finite weights in layer " + conv.name() + " (" + what + ") of " + file + ", found "
                    + bad + " non-finite value" + (bad == 1 ? "" : "s") + ", the first " + values[first] + " at flat index "
                    + first + "; the weights file is damaged, download or export it again");
        }
    }

    /** Resolves a weight name relative to the layer group, the way h5py's {@code group[name]} would. */
    private static Dataset dataset(Group group, String name, Vgg16.Conv conv, Path file) {
        Node node = group;
        for (String part : name.split("/")) {
            if (!(node instanceof Group g) || !g.getChildren().containsKey(part)) {
                throw new DataError("missing weight " + name + " of layer " + conv.name() + " in " + file);
            }
            node = g.getChildren().get(part);
        }
        if (!(node instanceof Dataset ds)) {
            throw new DataError("weight " + name + " of layer " + conv.name() + " in " + file + " is not a dataset");
        }
        return ds;
    }

    private static float[] floats(Dataset ds) {
        Object flat = ds.getDataFlat();
        if (flat instanceof float[] f) {
            return f;
        }
        int n = Array.getLength(flat);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((Number) Array.get(flat, i)).floatValue();
        }
        return out;
    }

    private static List<String> strings(Attribute attribute) {
        if (attribute == null) {
            return List.of();
        }
        Object data = attribute.getData();
        List<String> out = new ArrayList<>();
        if (data == null) {
            return out;
        }
        if (data.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(data); i++) {
                out.add(text(Array.get(data, i)));
            }
        } else {
            out.add(text(data));
        }
        return out;
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8).trim();
        }
        return String.valueOf(value).trim();
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 6 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + ", ..., " + names.get(names.size() - 1);
    }
}
