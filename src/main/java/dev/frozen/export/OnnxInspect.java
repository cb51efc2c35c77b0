package dev.frozen.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.frozen.DataError;
import dev.frozen.Plain;
import dev.frozen.UsageError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Describes any ONNX model file: producer, opsets, input and output signature, and its {@code metadata_props}. */
public final class OnnxInspect {
    private OnnxInspect() {}

    /** The description as lines of text; a missing file is a usage error, a file that is not ONNX a data error. */
    public static List<String> describe(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageError("expected an ONNX model file at " + file + ", found "
                    + (Files.exists(file) ? "something that is not a file" : "no such file"));
        }
        ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new DataError("expected an ONNX model (a ModelProto) in " + file + ", found a file that does not parse ("
                    + Plain.describe(e) + ")", e);
        }
        if (!model.hasGraph()) {
            throw new DataError("expected an ONNX model (a ModelProto with a graph) in " + file + ", found none");
        }
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "model: %s (%,d bytes)", file, sizeOf(file)));
        List<String> opsets = new ArrayList<>();
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            opsets.add((o.getDomain().isEmpty() ? "ai.onnx" : o.getDomain()) + " " + o.getVersion());
        }
        out.add("producer: " + model.getProducerName() + " " + model.getProducerVersion() + "; ir_version "
                + model.getIrVersion() + "; opset " + String.join(", ", opsets));
        for (ValueInfoProto v : model.getGraph().getInputList()) {
            out.add("input:  " + signature(v));
        }
        for (ValueInfoProto v : model.getGraph().getOutputList()) {
            out.add("output: " + signature(v));
        }
        out.add("metadata:");
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            out.add("  " + e.getKey() + ": " + e.getValue());
        }
        return out;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** {@code name type [d0, d1, ...]}, a symbolic dimension by its name. */
    static String signature(ValueInfoProto v) {
        if (!v.getType().hasTensorType()) {
            return v.getName() + " (not a tensor)";
        }
        var t = v.getType().getTensorType();
        TensorProto.DataType type = TensorProto.DataType.forNumber(t.getElemType());
        List<String> dims = new ArrayList<>();
        for (TensorShapeProto.Dimension d : t.getShape().getDimList()) {
            dims.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam().isEmpty() ? "?" : d.getDimParam());
        }
        String typeName = type == null ? "type " + t.getElemType() : switch (type) {
            case FLOAT -> "float32";
            case INT64 -> "int64";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
        return v.getName() + " " + typeName + " [" + String.join(", ", dims) + "]";
    }
}
