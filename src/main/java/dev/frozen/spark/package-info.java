/**
 * Scale-out on Apache Spark: {@code extract --spark MASTER} ({@code SparkExtraction}) splits each
 * split into shards of rows, runs them as Spark tasks that write Arrow shards straight into the entry's work folder,
 * and publishes the same content-addressed entry a single-machine extract would; {@link dev.frozen.spark.FeatureFrames}
 * opens a cached entry as a Spark DataFrame. {@link dev.frozen.spark.HadoopFiles} reads datasets and
 * {@link dev.frozen.spark.HadoopEntries} writes and pulls entries on Hadoop file systems ({@code hdfs:}, {@code s3a:}).
 *
 * <p>Nothing outside this package imports Spark or names this package: the core knows only
 * {@link dev.frozen.features.DistributedExtraction}, whose implementation here ({@link dev.frozen.spark.SparkExtractor},
 * in {@code META-INF/services}) it finds with {@code ServiceLoader} only for {@code --spark} and Hadoop URIs, so
 * plain commands never load a Spark class (Spark is a provided-scope dependency, on the class path only then). This
 * package may import features, backbone and data; executor-side state lives in {@link dev.frozen.spark.ExecutorState}.
 */
package dev.frozen.spark;
