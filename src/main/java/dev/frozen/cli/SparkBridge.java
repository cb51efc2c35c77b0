package dev.frozen.cli;

import dev.frozen.UsageError;
import dev.frozen.features.Extraction;
import java.lang.reflect.InvocationTargetException;

/**
 * The cli's only way into {@code dev.frozen.spark}: by reflection, so that no Spark class is loaded (or needed on
 * the class path) unless {@code --spark} is used.
 */
final class SparkBridge {
    static final String EXTRACTION = "dev.frozen.spark.SparkExtraction";

    private SparkBridge() {}

    /**
     * Refuses {@code --spark yarn} and {@code k8s://...} when Spark's module for that cluster manager is not on the
     * class path (./frozen does not ship them; spark-submit provides them), before any lock or work folder exists.
     */
    static void requireClusterManager(String master) {
        if (master == null) {
            return;
        }
        String m = master.strip();
        String name = m.startsWith("yarn") ? "YARN" : m.startsWith("k8s://") ? "Kubernetes" : null;
        String manager = m.startsWith("yarn") ? "org.apache.spark.deploy.yarn.YarnClusterManager"
                : "org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager";
        if (name == null) {
            return;
        }
        try {
            Class.forName(manager, false, SparkBridge.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UsageError("--spark " + m + ": ./frozen cannot reach " + name + " (Spark's " + name + " support is not "
                    + "on its class path); submit the frozen jar with spark-submit --master " + m + " instead, as docs/spark.md "
                    + "('YARN and Kubernetes') shows");
        }
    }

    /** {@code featuresUri}: a features folder on a Hadoop file system, or null for the request's local one. */
    static Extraction.Result extract(Extraction.Request request, String master, String weightsForExecutors, Integer shardRows,
            String featuresUri, dev.frozen.FrozenHome home) {
        return (Extraction.Result) call("run", new Class<?>[] {Extraction.Request.class, String.class, String.class,
            Integer.class, String.class, dev.frozen.FrozenHome.class, java.io.PrintStream.class},
                request, master, weightsForExecutors, shardRows, featuresUri, home, flagsShown(System.err));
    }

    /** {@code cache pull --from URI} from a features folder on a Hadoop file system. */
    static dev.frozen.features.EntryCopy.Result pull(String fromUri, String name, java.nio.file.Path toFeaturesDir) {
        return (dev.frozen.features.EntryCopy.Result) call("pull", new Class<?>[] {String.class, String.class,
            java.nio.file.Path.class}, fromUri, name, toFeaturesDir);
    }

    /** A dataset at a Hadoop URI ({@code hdfs:}, {@code s3a:}, {@code file:}), read through Spark's Hadoop client. */
    static dev.frozen.data.ImageDataset openDataset(String kind, String uri, boolean rehash, dev.frozen.FrozenHome home) {
        return (dev.frozen.data.ImageDataset) call("openDataset", new Class<?>[] {String.class, String.class,
            java.io.PrintStream.class, boolean.class, dev.frozen.FrozenHome.class}, kind, uri, flagsShown(System.err), rehash, home);
    }

    /** {@code err} showing the settings the core names by key as flags (extract --spark is a command line). */
    private static java.io.PrintStream flagsShown(java.io.PrintStream err) {
        return dev.frozen.Setting.rendering(err, () -> dev.frozen.Setting.FLAGS);
    }

    private static Object call(String method, Class<?>[] types, Object... args) {
        Class<?> type;
        try {
            type = Class.forName(EXTRACTION);
            Class.forName("org.apache.spark.sql.SparkSession");
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UsageError("--spark and Hadoop URIs (hdfs:, s3a:) need Apache Spark on the class path, found none; run "
                    + "through ./frozen (which adds target/spark-lib for them) or spark-submit --class dev.frozen.cli.Main "
                    + "target/frozen-0.1.0.jar");
        }
        try {
            return type.getMethod(method, types).invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + EXTRACTION + "." + method, e);
        }
    }
}
