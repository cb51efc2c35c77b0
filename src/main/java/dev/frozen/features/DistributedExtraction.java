package dev.frozen.features;

import dev.frozen.FrozenHome;
import dev.frozen.UsageError;
import dev.frozen.data.ImageDataset;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Extraction on a cluster and entries or datasets on Hadoop file systems, implemented outside the core (by the Spark
 * package, registered in {@code META-INF/services}). The core finds it with {@link #find()} only for {@code --spark}
 * and Hadoop URIs, so plain commands never load a Spark class; an implementation must not touch Spark types before
 * one of its methods is called.
 */
public interface DistributedExtraction {
    /** The one-line message when no implementation can run here (Spark's jars are not on the class path). */
    String NEEDS_SPARK = dev.frozen.Setting.key("spark") + " and Hadoop URIs (hdfs:, s3a:) need Apache Spark on the class path, found none; run "
            + "through ./frozen (which adds target/spark-lib for them) or spark-submit " + dev.frozen.Setting.flag("class") + " dev.frozen.cli.Main "
            + "target/frozen-0.1.0.jar";

    /** Refuses a cluster manager ({@code yarn}, {@code k8s://...}) that this class path cannot reach, before any work. */
    void requireClusterManager(String master);

    /**
     * Runs (or resumes) {@code request} on the cluster at {@code master}; {@code featuresUri} is a features folder on
     * a Hadoop file system, or null for the request's local one. {@code weightsForExecutors} is a weights spec every
     * executor can load.
     */
    Extraction.Result extract(Extraction.Request request, String master, String weightsForExecutors, Integer shardRows,
            String featuresUri, FrozenHome home, PrintStream log);

    /** Copies entry {@code name} (or the only one) from a features folder at a Hadoop URI into {@code toFeaturesDir}. */
    EntryCopy.Result pull(String fromUri, String name, Path toFeaturesDir);

    /** A dataset at a Hadoop URI ({@code hdfs:}, {@code s3a:}, {@code file:}). */
    ImageDataset openDataset(String kind, String uri, PrintStream log, boolean rehash, FrozenHome home);

    /** The implementation on the class path; a {@link UsageError} when there is none. */
    static DistributedExtraction find() {
        for (DistributedExtraction found : ServiceLoader.load(DistributedExtraction.class,
                DistributedExtraction.class.getClassLoader())) {
            return found;
        }
        throw new UsageError(NEEDS_SPARK);
    }
}
