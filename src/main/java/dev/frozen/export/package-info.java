/**
 * Takes a fitted run out of {@code frozen}: {@link dev.frozen.export.OnnxExport} writes one ONNX graph from image
 * to answer (or, with {@code --head-only}, from cached feature rows to answer) with the run's provenance in its
 * metadata, and {@link dev.frozen.export.OnnxInspect} describes such a file. The protobuf messages are ONNX's own,
 * generated from {@code onnx.proto} ({@code ai.onnx.proto.OnnxMl}, shipped by Tribuo's {@code tribuo-util-onnx}).
 *
 * <p>May import {@code dev.frozen}, {@code backbone}, {@code features}, {@code heads} and {@code experiments} (to find
 * and check a run as {@code predict} does); never cli or spark, and never ONNX Runtime (only the bench loads it).
 * Every number the graph computes must equal what {@link dev.frozen.experiments.Predictor} computes, up to float
 * rounding: the tests run the exported file in ONNX Runtime against it.
 */
package dev.frozen.export;
