package dev.frozen.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.UsageError;
import dev.frozen.features.DistributedExtraction;
import org.junit.jupiter.api.Test;

/** How the core finds Spark: ServiceLoader, through the file in META-INF/services, and the cluster-manager check. */
class SparkExtractorTest {
    @Test
    void theCoreFindsTheSparkImplementation() {
        assertInstanceOf(SparkExtractor.class, DistributedExtraction.find());
    }

    @Test
    void aLocalMasterNeedsNoClusterManagerAndYarnNamesTheWayOut() {
        SparkExtractor spark = new SparkExtractor();
        assertDoesNotThrow(() -> spark.requireClusterManager("local[2]"));
        // Spark's YARN module is not a dependency of this project: ./frozen cannot reach YARN.
        UsageError e = assertThrows(UsageError.class, () -> spark.requireClusterManager("yarn"));
        assertTrue(e.getMessage().startsWith("--spark yarn: ./frozen cannot reach YARN"), e.getMessage());
        assertTrue(e.getMessage().contains("spark-submit --master yarn"), e.getMessage());
    }
}
