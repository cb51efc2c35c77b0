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
        String shown = dev.frozen.Setting.render(e.getMessage(), dev.frozen.Setting.FLAGS);
        assertTrue(shown.startsWith("--spark yarn: ./frozen cannot reach YARN"), shown);
        assertTrue(shown.contains("spark-submit --master yarn"), shown);
    }
}
