package dev.frozen;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import rules that each {@code package-info.java} states, checked on the compiled classes: a change that breaks
 * one fails the build instead of waiting for a reviewer.
 */
class PackageRulesTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.frozen");
    }

    private static void forbid(String pkg, String... forbidden) {
        noClasses().that().resideInAPackage(pkg)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("package-info of " + pkg + " lists what it may import")
                .check(main);
    }

    @Test
    void sharedPlumbingImportsOnlyTheJdkAndJackson() {
        noClasses().that().resideInAPackage("dev.frozen")
                .should().dependOnClassesThat().resideOutsideOfPackages(
                        "java..", "javax..", "jdk..", "sun..", "com.fasterxml.jackson..", "dev.frozen")
                .because("dev.frozen's package-info: may import only the JDK and Jackson")
                .check(main);
    }

    @Test
    void dataImportsOnlyTheJdkAndSharedPlumbing() {
        noClasses().that().resideInAPackage("dev.frozen.data..")
                .should().dependOnClassesThat().resideOutsideOfPackages(
                        "java..", "javax..", "jdk..", "sun..", "com.fasterxml.jackson..", "dev.frozen", "dev.frozen.data..")
                .because("data's package-info: may import only dev.frozen and the JDK")
                .check(main);
    }

    @Test
    void backboneImportsNoHigherLayer() {
        forbid("dev.frozen.backbone..", "dev.frozen.features..", "dev.frozen.heads..", "dev.frozen.experiments..",
                "dev.frozen.spark..", "dev.frozen.cli..");
    }

    @Test
    void featuresNeverImportHeadsExperimentsSparkOrCli() {
        forbid("dev.frozen.features..", "dev.frozen.heads..", "dev.frozen.experiments..", "dev.frozen.spark..",
                "dev.frozen.cli..");
    }

    @Test
    void headsImportOnlySharedPlumbingBackboneAndFeatures() {
        forbid("dev.frozen.heads..", "dev.frozen.data..", "dev.frozen.experiments..", "dev.frozen.spark..",
                "dev.frozen.cli..");
    }

    @Test
    void trainingImportsOnlySharedPlumbingAndBackbone() {
        forbid("dev.frozen.training..", "dev.frozen.data..", "dev.frozen.features..", "dev.frozen.heads..",
                "dev.frozen.experiments..", "dev.frozen.spark..", "dev.frozen.cli..", "dev.frozen.export..");
    }

    @Test
    void experimentsNeverImportCliOrSpark() {
        forbid("dev.frozen.experiments..", "dev.frozen.cli..", "dev.frozen.spark..");
    }

    @Test
    void theRunStoreImportsNoOtherExperimentsRoomNorModels() {
        forbid("dev.frozen.experiments.runs..", "dev.frozen.experiments.fit..", "dev.frozen.experiments.report..",
                "dev.frozen.experiments.pipeline..", "dev.frozen.backbone..", "dev.frozen.data..", "dev.frozen.heads..");
    }

    @Test
    void fittingNeverImportsReportsOrPipelines() {
        forbid("dev.frozen.experiments.fit..", "dev.frozen.experiments.report..", "dev.frozen.experiments.pipeline..");
    }

    @Test
    void reportsNeverImportPipelinesNorTheModels() {
        forbid("dev.frozen.experiments.report..", "dev.frozen.experiments.pipeline..", "dev.frozen.backbone..",
                "dev.frozen.data..");
    }

    @Test
    void theExperimentsRoomsFormNoCycle() {
        slices().matching("dev.frozen.experiments.(*)..").should().beFreeOfCycles()
                .because("experiments' package-info: runs <- fit <- pipeline, runs <- report <- pipeline")
                .check(main);
    }

    @Test
    void sparkNeverImportsHeadsExperimentsOrCli() {
        forbid("dev.frozen.spark..", "dev.frozen.heads..", "dev.frozen.experiments..", "dev.frozen.cli..");
    }

    @Test
    void exportNeverImportsCliOrSpark() {
        forbid("dev.frozen.export..", "dev.frozen.cli..", "dev.frozen.spark..");
    }

    @Test
    void onlyTheOnnxBenchTouchesOnnxRuntime() {
        noClasses().that().haveNameNotMatching("dev\\.frozen\\.bench\\.OnnxBench(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..")
                .because("ONNX Runtime is provided scope, on the class path only for bench --onnx")
                .check(main);
    }

    @Test
    void benchNeverImportsCli() {
        forbid("dev.frozen.bench..", "dev.frozen.cli..");
    }

    @Test
    void onlyCliImportsBench() {
        noClasses().that().resideOutsideOfPackages("dev.frozen.cli..", "dev.frozen.bench..")
                .should().dependOnClassesThat().resideInAPackage("dev.frozen.bench..")
                .because("bench's package-info: only cli imports it")
                .check(main);
    }

    @Test
    void nothingOutsideCliImportsCli() {
        noClasses().that().resideOutsideOfPackage("dev.frozen.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.frozen.cli..")
                .because("cli's package-info: nothing outside cli imports it")
                .check(main);
    }

    @Test
    void onlyTheSparkPackageTouchesSpark() {
        noClasses().that().resideOutsideOfPackage("dev.frozen.spark..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "dev.frozen.spark..")
                .because("spark's package-info: nothing outside it imports Spark, so plain commands never load it")
                .check(main);
    }

    @Test
    void theCoreReachesSparkOnlyThroughTheInterface() {
        classes().that().implement(dev.frozen.features.DistributedExtraction.class)
                .should().resideInAPackage("dev.frozen.spark..")
                .because("the core knows only DistributedExtraction; ServiceLoader finds the Spark package's one")
                .check(main);
    }

    /** Type references are the rule above; this one catches names in strings (reflection, Class.forName). */
    @Test
    void noClassOutsideSparkNamesTheSparkPackage() throws IOException {
        Path classes = Path.of("target/classes/dev/frozen");
        List<String> naming = new ArrayList<>();
        try (var files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                if (!classes.relativize(f).startsWith("spark")
                        && (text.contains("dev.frozen.spark") || text.contains("dev/frozen/spark"))) {
                    naming.add(classes.relativize(f).toString());
                }
            }
        }
        assertEquals(List.of(), naming, "classes outside dev.frozen.spark that name it");
    }

    @Test
    void hadoopAndParquetStayInTheClassesLoadedOnlyForThem() {
        noClasses().that().resideOutsideOfPackage("dev.frozen.spark..")
                .and().haveNameNotMatching("dev\\.frozen\\.export\\.ParquetExport(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.hadoop..", "org.apache.parquet..")
                .because("Hadoop and Parquet are provided-scope: on the class path only for Spark and 'cache export'")
                .check(main);
    }

    @Test
    void onlyCliAndBenchImportExport() {
        noClasses().that().resideOutsideOfPackages("dev.frozen.cli..", "dev.frozen.bench..", "dev.frozen.export..")
                .should().dependOnClassesThat().resideInAPackage("dev.frozen.export..")
                .because("export is a leaf that the commands and the ONNX benchmark call")
                .check(main);
    }
}
