/**
 * Taking results out of frozen in formats other tools read: cached features as Parquet ({@link
 * dev.frozen.export.ParquetExport}) and run records in MLflow's file-store layout ({@link
 * dev.frozen.export.MlflowExport}).
 *
 * <p>May import {@code dev.frozen}, {@code data}, {@code backbone}, {@code features}, {@code heads} and
 * {@code experiments}; never {@code cli}. Parquet and the Hadoop classes its writer API names are provided-scope
 * dependencies, on the class path only for {@code cache export} (./frozen adds {@code target/parquet-lib} then), so
 * only {@code ParquetExport} imports them and nothing loads it on another command's path.
 */
package dev.frozen.export;
