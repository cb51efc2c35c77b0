package dev.frozen;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
    void sparkNeverImportsHeadsExperimentsOrCli() {
        forbid("dev.frozen.spark..", "dev.frozen.heads..", "dev.frozen.experiments..", "dev.frozen.cli..");
    }

    @Test
    void exportNeverImportsCliOrSpark() {
        forbid("dev.frozen.export..", "dev.frozen.cli..", "dev.frozen.spark..");
    }

    @Test
    void onlyTheOnnxBenchTouchesOnnxRuntime() {
        noClasses().that().haveNameNotMatching("dev\\.frozen\\.cli\\.OnnxBench(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..")
                .because("ONNX Runtime is provided scope, on the class path only for bench --onnx")
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
    void hadoopAndParquetStayInTheClassesLoadedOnlyForThem() {
        noClasses().that().resideOutsideOfPackage("dev.frozen.spark..")
                .and().haveNameNotMatching("dev\\.frozen\\.export\\.ParquetExport(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.hadoop..", "org.apache.parquet..")
                .because("Hadoop and Parquet are provided-scope: on the class path only for Spark and 'cache export'")
                .check(main);
    }

    @Test
    void onlyCliImportsExport() {
        noClasses().that().resideOutsideOfPackages("dev.frozen.cli..", "dev.frozen.export..")
                .should().dependOnClassesThat().resideInAPackage("dev.frozen.export..")
                .because("export is a leaf that the commands call")
                .check(main);
    }
}
