package dev.frozen.spark;

import dev.frozen.DataError;
import dev.frozen.data.Split;
import dev.frozen.features.ArrowFeatures;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.Integrity;
import dev.frozen.features.Manifest;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A cached entry as a Spark DataFrame with columns {@code label} (int) and {@code features} (an ML vector), rows in
 * dataset order. Each data file (shard) becomes one partition, read by an executor after checking its SHA-256
 * against the manifest; the driver reads only the manifest. Save it with {@code .write().parquet(...)} for a
 * Parquet copy.
 */
public final class FeatureFrames {
    private FeatureFrames() {}

    /** The columns: {@code label} int, {@code features} {@code org.apache.spark.ml.linalg.Vector}. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("label", DataTypes.IntegerType, false),
        DataTypes.createStructField("features", SQLDataTypes.VectorType(), false)});

    record Part(String path, long bytes, String sha256, int rows) implements Serializable {}

    /** One split of the complete entry in folder {@code entryDir} (a path every executor can read). */
    public static Dataset<Row> open(SparkSession spark, Path entryDir, Split split) {
        FeatureEntry entry = FeatureStore.open(entryDir.toAbsolutePath());
        List<Part> parts = new ArrayList<>();
        for (Path file : entry.arrowFiles(split)) {
            Manifest.FileInfo info = entry.manifest().files().get(file.getFileName().toString());
            if (info == null) {
                throw new DataError("manifest of " + entryDir + " does not list " + file.getFileName());
            }
            parts.add(new Part(file.toString(), info.bytes(), info.sha256(), info.rows() == null ? -1 : info.rows()));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> rows = jsc.parallelize(parts, parts.size()).flatMap(p -> read(p).iterator());
        return spark.createDataFrame(rows, SCHEMA);
    }

    /**
     * One split of the complete entry at {@code entryUri} on a Hadoop file system ({@code hdfs:}, {@code s3a:}, ...),
     * as {@code extract --spark --features-dir URI} wrote it; each executor copies its shard to local scratch, checks
     * it, and reads it there.
     */
    public static Dataset<Row> open(SparkSession spark, String entryUri, Split split) {
        HadoopFiles.Located at = HadoopFiles.locate(entryUri, "entry");
        HadoopEntries folder = new HadoopEntries(at.fs(), at.path().getParent());
        String name = at.path().getName();
        Manifest m = folder.complete(name).orElseThrow(() -> new DataError("expected a complete entry at " + entryUri
                + ", found none (no manifest.json matching manifest.sha256 and its files)"));
        List<Part> parts = new ArrayList<>();
        m.files().entrySet().stream()
                .filter(f -> FeatureStore.splitOf(f.getKey()).equals(split.fileStem()))
                .sorted(java.util.Comparator.comparing(f -> f.getValue().start()))
                .forEach(f -> parts.add(new Part(folder.entry(name) + "/" + f.getKey(), f.getValue().bytes(),
                        f.getValue().sha256(), f.getValue().rows() == null ? -1 : f.getValue().rows())));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> rows = jsc.parallelize(parts, parts.size()).flatMap(p -> read(p).iterator());
        return spark.createDataFrame(rows, SCHEMA);
    }

    static List<Row> read(Part part) {
        if (dev.frozen.data.DataFiles.isUri(part.path())) {
            Path local = HadoopEntries.fetch(part.path());
            try {
                return read(new Part(local.toString(), part.bytes(), part.sha256(), part.rows()));
            } finally {
                dev.frozen.FileTrees.delete(local.getParent());
            }
        }
        Path file = Path.of(part.path());
        String sha = Integrity.sha256(file);
        if (!sha.equals(part.sha256())) {
            throw new DataError("expected SHA-256 " + part.sha256() + " for " + file + ", found " + sha + " (changed since extraction)");
        }
        List<Row> rows = new ArrayList<>();
        ArrowFeatures.forEachBatch(file, (labels, features, dim) -> {
            for (int i = 0; i < labels.length; i++) {
                double[] v = new double[dim];
                for (int j = 0; j < dim; j++) {
                    v[j] = features[i * dim + j];
                }
                rows.add(RowFactory.create(labels[i], Vectors.dense(v)));
            }
        });
        if (part.rows() >= 0 && rows.size() != part.rows()) {
            throw new DataError("expected " + part.rows() + " rows in " + file + ", found " + rows.size());
        }
        return rows;
    }
}
