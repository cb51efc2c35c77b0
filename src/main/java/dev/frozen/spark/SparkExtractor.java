package dev.frozen.spark;

import dev.frozen.FrozenHome;
import dev.frozen.UsageError;
import dev.frozen.data.ImageDataset;
import dev.frozen.features.DistributedExtraction;
import dev.frozen.features.EntryCopy;
import dev.frozen.features.Extraction;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Spark's {@link DistributedExtraction}, found by {@code ServiceLoader}. Its fields and signatures name no Spark type,
 * so creating it loads no Spark class; each method first checks that Spark is on the class path.
 */
public final class SparkExtractor implements DistributedExtraction {
    private final ShardHook hook;

    /** The production instance, with no shard hook. */
    public SparkExtractor() {
        this(ShardHook.NONE);
    }

    /** With {@code hook} run on every shard (tests inject failures this way). */
    SparkExtractor(ShardHook hook) {
        this.hook = hook;
    }

    @Override
    public void requireClusterManager(String master) {
        String m = master.strip();
        String name = m.startsWith("yarn") ? "YARN" : m.startsWith("k8s://") ? "Kubernetes" : null;
        if (name == null) {
            return;
        }
        String manager = m.startsWith("yarn") ? "org.apache.spark.deploy.yarn.YarnClusterManager"
                : "org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager";
        try {
            Class.forName(manager, false, SparkExtractor.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UsageError(dev.frozen.Setting.key("spark") + " " + m + ": ./frozen cannot reach " + name + " (Spark's " + name + " support is not "
                    + "on its class path); submit the frozen jar with spark-submit " + dev.frozen.Setting.flag("master") + " " + m + " instead, as docs/spark.md "
                    + "('YARN and Kubernetes') shows");
        }
    }

    @Override
    public Extraction.Result extract(Extraction.Request request, String master, String weightsForExecutors,
            Integer shardRows, String featuresUri, FrozenHome home, PrintStream log) {
        requireSpark();
        return SparkExtraction.run(request, master, weightsForExecutors, shardRows, featuresUri, home, log, hook);
    }

    @Override
    public EntryCopy.Result pull(String fromUri, String name, Path toFeaturesDir) {
        requireSpark();
        return SparkExtraction.pull(fromUri, name, toFeaturesDir);
    }

    @Override
    public ImageDataset openDataset(String kind, String uri, PrintStream log, boolean rehash, FrozenHome home) {
        requireSpark();
        return SparkExtraction.openDataset(kind, uri, log, rehash, home);
    }

    /** The frozen jar always carries this class; Spark's own jars are provided scope and may be absent. */
    private static void requireSpark() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkExtractor.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UsageError(NEEDS_SPARK);
        }
    }
}
