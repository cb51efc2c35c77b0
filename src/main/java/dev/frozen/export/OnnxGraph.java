package dev.frozen.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A thin builder over ONNX's {@code GraphProto}: constants become initializers with raw little-endian data, nodes
 * get unique output names, and every helper returns the name of the tensor it produced. Not thread-safe.
 */
final class OnnxGraph {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int next;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A fresh tensor name starting with {@code stem}. */
    String fresh(String stem) {
        return stem + "_" + next++;
    }

    /** A float32 graph input with a symbolic batch dimension {@code N} followed by {@code dims}. */
    void floatInput(String name, long... dims) {
        graph.addInput(valueInfo(name, TensorProto.DataType.FLOAT, dims));
    }

    void output(String name, TensorProto.DataType type, long... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    /** A float32 constant of shape {@code dims}; returns its name. */
    String floats(String stem, float[] values, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(stem + ": " + values.length + " values for shape " + java.util.Arrays.toString(dims));
        }
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        // The buffer is never touched again, so protobuf may keep it rather than copy 59 MB of kernels.
        return constant(stem, TensorProto.DataType.FLOAT, UnsafeByteOperations.unsafeWrap(buf.array()), dims);
    }

    /** An int64 constant of shape {@code dims}; returns its name. */
    String longs(String stem, long[] values, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return constant(stem, TensorProto.DataType.INT64, ByteString.copyFrom(buf.array()), dims);
    }

    private String constant(String stem, TensorProto.DataType type, ByteString raw, long... dims) {
        String name = fresh(stem);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber()).setRawData(raw);
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds {@code op} reading {@code inputs}, writing a fresh tensor (or {@code output} when not null); returns its name. */
    String node(String op, String output, List<String> inputs, AttributeProto... attributes) {
        String out = output != null ? output : fresh(op.toLowerCase(java.util.Locale.ROOT));
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh("node_" + op)).addOutput(out);
        n.addAllInput(inputs);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return out;
    }

    String node(String op, List<String> inputs, AttributeProto... attributes) {
        return node(op, null, inputs, attributes);
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    GraphProto build() {
        return graph.build();
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber()).setShape(shape)))
                .build();
    }
}
