/**
 * Taking results out of frozen in formats other tools read: a fitted run as one ONNX graph from image to answer
 * ({@link dev.frozen.export.OnnxExport}, or with {@code --head-only} from cached feature rows; {@link
 * dev.frozen.export.OnnxInspect} describes such a file), cached features as Parquet ({@link
 * dev.frozen.export.ParquetExport}) and run records in MLflow's file-store layout ({@link
 * dev.frozen.export.MlflowExport}). The ONNX messages are ONNX's own, generated from {@code onnx.proto}
 * ({@code ai.onnx.proto.OnnxMl}, shipped by Tribuo's {@code tribuo-util-onnx}).
 *
 * <p>May import {@code dev.frozen}, {@code data}, {@code backbone}, {@code features}, {@code heads} and
 * {@code experiments}; never cli or spark, and never ONNX Runtime (only the bench loads it). Parquet and the Hadoop
 * classes its writer API names are provided-scope dependencies, on the class path only for {@code cache export}
 * (./frozen adds {@code target/parquet-lib} then), so only {@code ParquetExport} imports them. Every number an ONNX
 * graph computes must equal what {@link dev.frozen.experiments.fit.Predictor} computes, up to float rounding: the tests
 * run the exported file in ONNX Runtime against it.
 */
package dev.frozen.export;
