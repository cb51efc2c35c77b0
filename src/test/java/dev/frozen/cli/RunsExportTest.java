package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.export.MlflowExport;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.Manifest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code frozen runs export --format mlflow}: the folder follows MLflow's tracking file store as its FileStore reads it
 * ({@code mlflow/store/tracking/file_store.py}): experiment and run {@code meta.yaml} keys and types, one file per
 * param and tag holding the bare value, metric lines {@code timestamp value step}, dataset inputs with MLflow's ids.
 * The YAML is parsed by a real YAML parser (SnakeYAML's safe loader, as MLflow uses PyYAML's).
 */
class RunsExportTest {
    private static final Pattern RUN_DIR = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern METRIC_LINE = Pattern.compile("(\\d+) (\\S+) (\\d+)");
    private static final String SHA_A = "a".repeat(8) + "0123456789abcdef".repeat(3) + "b".repeat(8);
    private static final String SHA_B = "c".repeat(64);
    @TempDir Path tmp;

    private static Manifest manifest(String entry, String dataset, String fingerprint, String weightsSha) {
        return new Manifest(Manifest.FORMAT_VERSION, entry, new Manifest.Dataset("folder", dataset, fingerprint, "/nowhere"),
                new Manifest.Weights("imagenet", weightsSha, false), "vgg16", "block5_pool", 32, "caffe", List.of(1, 1, 2),
                2, Map.of("train", 2, "test", 2), List.of("cat", "big dog/x"), Map.of(), Map.of("frozen", "0.1.0"),
                "2026-01-01T00:00:00Z", "avg", null);
    }

    private static FeatureSet two() {
        return new FeatureSet(new float[][] {{1, 2}, {3, 4}}, new int[] {0, 1}, List.of("cat", "big dog/x"));
    }

    private static RunRecord record(String id, String head, Map<String, Object> params, String entry, Double val,
            List<Map<String, Object>> search) {
        return RunRecord.builder().runId(id).head(head).params(params).seed(42).valFraction(0.1).featuresEntry(entry)
                .layer("block5_pool").inputSize(32).valAccuracy(val).testAccuracy(0.75)
                .perClassAccuracy(List.of(1.0, 0.5)).confusionMatrix(new int[][] {{1, 0}, {1, 1}})
                .classNames(List.of("cat", "big dog/x")).fitSeconds(12.5).predictSeconds(0.25).trainRows(90).valRows(10)
                .testRows(4).created("2026-01-02T03:04:05Z").versions(Map.of("frozen", "0.1.0"))
                .modelFile(id + ".model").search(search).converged(true).build();
    }

    private Path features() {
        Path features = tmp.resolve("features");
        FeatureEntry a = FeatureStore.write(features, manifest("entry-a", "synthetic", "f".repeat(64), SHA_A), two(), two());
        FeatureEntry b = FeatureStore.write(features, manifest("entry-b", "other", "e".repeat(64), SHA_B), two(), two());
        RunStore.writeRecord(a.runsDir(), record("20260102-030405-000-logreg-aaaaaa", "logreg",
                Map.of("lambda", 1.0, "max_iter", 100), "entry-a", 0.5, List.of(
                        Map.of("params", Map.of("lambda", 10.0), "val_accuracy", 0.25),
                        Map.of("params", Map.of("lambda", 1.0), "val_accuracy", 0.5))));
        RunStore.writeRecord(a.runsDir(), record("20260102-030406-000-svm-bbbbbb", "svm",
                Map.of("C", 0.01, "kernel", "linear"), "entry-a", null, null));
        RunStore.writeRecord(b.runsDir(), record("20260102-030407-000-dense-cccccc", "dense",
                Map.of("hidden", List.of(64, 32), "dropout", 0.3), "entry-b", 0.5, null));
        return features;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws Exception {
        Yaml parser = new Yaml(new SafeConstructor(new LoaderOptions()));
        return (Map<String, Object>) parser.load(Files.readString(file));
    }

    private static String md5(String s) throws Exception {
        return String.format("%032x", new BigInteger(1, MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8))));
    }

    private static List<Path> children(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void layoutIsMlflowsFileStore() throws Exception {
        Path features = features();
        Path out = tmp.resolve("mlruns");
        CliRun r = CliRun.of("runs", "export", "--format", "mlflow", "-o", out.toString(), "--features-dir", features.toString());
        assertEquals(0, r.code(), r.toString());

        assertTrue(Files.isDirectory(out.resolve(".trash")));
        Map<String, Object> defaultExp = yaml(out.resolve("0/meta.yaml"));
        assertEquals("Default", defaultExp.get("name"));
        assertEquals("0", defaultExp.get("experiment_id"));

        Set<String> experimentKeys = Set.of("artifact_location", "creation_time", "experiment_id", "last_update_time",
                "lifecycle_stage", "name");
        Set<String> runKeys = Set.of("artifact_uri", "deleted_time", "end_time", "entry_point_name", "experiment_id",
                "lifecycle_stage", "run_id", "run_name", "run_uuid", "source_name", "source_type", "source_version",
                "start_time", "status", "tags", "user_id");
        Set<String> names = new TreeSet<>();
        Set<String> frozenIds = new TreeSet<>();
        for (String expId : List.of("1", "2")) {
            Path expDir = out.resolve(expId);
            Map<String, Object> exp = yaml(expDir.resolve("meta.yaml"));
            assertEquals(experimentKeys, exp.keySet());
            assertEquals(expId, exp.get("experiment_id"), "a string, as MLflow stores it");
            assertEquals("active", exp.get("lifecycle_stage"));
            assertEquals(expDir.toAbsolutePath().toUri().toString().replaceFirst("/$", ""), exp.get("artifact_location"));
            assertTrue(exp.get("creation_time") instanceof Number && exp.get("last_update_time") instanceof Number);
            names.add((String) exp.get("name"));
            for (Path runDir : children(expDir)) {
                String dirName = runDir.getFileName().toString();
                if (Set.of("meta.yaml", "tags", "datasets").contains(dirName)) {
                    continue;
                }
                assertTrue(RUN_DIR.matcher(dirName).matches(), dirName);
                Map<String, Object> run = yaml(runDir.resolve("meta.yaml"));
                assertEquals(runKeys, run.keySet());
                assertEquals(dirName, run.get("run_id"));
                assertEquals(dirName, run.get("run_uuid"));
                assertEquals(expId, run.get("experiment_id"));
                assertEquals(3, run.get("status"), "RunStatus.FINISHED");
                assertEquals(4, run.get("source_type"), "SourceType.LOCAL");
                assertEquals("active", run.get("lifecycle_stage"));
                assertEquals(List.of(), run.get("tags"));
                assertNull(run.get("deleted_time"));
                assertTrue(((Number) run.get("start_time")).longValue() < ((Number) run.get("end_time")).longValue());
                assertEquals(runDir.resolve("artifacts").toAbsolutePath().toUri().toString().replaceFirst("/$", ""),
                        run.get("artifact_uri"));
                assertTrue(Files.isDirectory(runDir.resolve("artifacts")));
                String frozenId = (String) run.get("run_name");
                frozenIds.add(frozenId);
                assertEquals(MlflowExport.mlflowRunId(frozenId), dirName);

                assertEquals(frozenId, Files.readString(runDir.resolve("tags/mlflow.runName")), "no trailing newline");
                assertEquals(frozenId, Files.readString(runDir.resolve("tags/frozen.run_id")));
                String head = Files.readString(runDir.resolve("params/head"));
                assertEquals(frozenId.split("-")[3], head);
                assertEquals(head, Files.readString(runDir.resolve("tags/frozen.head")));
                assertEquals("0.1.0", Files.readString(runDir.resolve("tags/frozen.version")));
                assertEquals("avg", Files.readString(runDir.resolve("params/pooling")));
                String entry = Files.readString(runDir.resolve("tags/frozen.entry"));
                String sha = entry.equals("entry-a") ? SHA_A : SHA_B;
                assertEquals(sha, Files.readString(runDir.resolve("tags/frozen.weights_sha256")));

                List<String> lines = Files.readAllLines(runDir.resolve("metrics/test_accuracy"));
                assertEquals(1, lines.size());
                var m = METRIC_LINE.matcher(lines.get(0));
                assertTrue(m.matches(), lines.get(0));
                assertEquals(0.75, Double.parseDouble(m.group(2)));
                assertEquals("0", m.group(3));
                assertEquals(((Number) run.get("end_time")).longValue(), Long.parseLong(m.group(1)), "timestamp in ms");
                assertTrue(Files.readString(runDir.resolve("metrics/test_accuracy_class/big_dog_x")).matches("\\d+ 0\\.5 0\n"));

                // The dataset input: MLflow's ids, the entry as name, the weights digest (36 characters) as digest.
                String digest = sha.substring(0, 36);
                String datasetId = md5(entry + digest);
                Map<String, Object> dataset = yaml(expDir.resolve("datasets").resolve(datasetId).resolve("meta.yaml"));
                assertEquals(entry, dataset.get("name"));
                assertEquals(digest, dataset.get("digest"));
                assertEquals("local", dataset.get("source_type"));
                assertTrue(((String) dataset.get("source")).contains("\"uri\""));
                Map<String, Object> input = yaml(runDir.resolve("inputs").resolve(md5(datasetId + dirName)).resolve("meta.yaml"));
                assertEquals("DATASET", input.get("source_type"));
                assertEquals(datasetId, input.get("source_id"));
                assertEquals("RUN", input.get("destination_type"));
                assertEquals(Map.of("mlflow.data.context", "train"), input.get("tags"));
            }
        }
        assertEquals(Set.of("frozen: other", "frozen: synthetic"), names);
        assertEquals(Set.of("20260102-030405-000-logreg-aaaaaa", "20260102-030406-000-svm-bbbbbb",
                "20260102-030407-000-dense-cccccc"), frozenIds);

        Path logreg = out.resolve("2").resolve(MlflowExport.mlflowRunId("20260102-030405-000-logreg-aaaaaa"));
        assertEquals("1.0", Files.readString(logreg.resolve("params/lambda")));
        assertEquals("0.5", Files.readAllLines(logreg.resolve("metrics/val_accuracy")).get(0).split(" ")[1]);
        List<String> search = Files.readAllLines(logreg.resolve("metrics/search_val_accuracy"));
        assertEquals(List.of("0.25 0", "0.5 1"), search.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList(),
                "one line per setting tried, the setting's index as the step");
        Path svm = out.resolve("2").resolve(MlflowExport.mlflowRunId("20260102-030406-000-svm-bbbbbb"));
        assertFalse(Files.exists(svm.resolve("metrics/val_accuracy")), "no validation split, no metric");
        Path dense = out.resolve("1").resolve(MlflowExport.mlflowRunId("20260102-030407-000-dense-cccccc"));
        assertEquals("[64,32]", Files.readString(dense.resolve("params/hidden")));
    }

    @Test
    void selectionRefusalAndForce() throws Exception {
        Path features = features();
        Path out = tmp.resolve("mlruns");
        String fd = features.toString();
        CliRun one = CliRun.of("runs", "export", "20260102-030406", "-o", out.toString(), "--features-dir", fd);
        assertEquals(0, one.code(), one.toString());
        assertEquals(1, runDirs(out).size());

        CliRun again = CliRun.of("runs", "export", "-o", out.toString(), "--features-dir", fd);
        assertEquals(2, again.code(), again.toString());
        assertTrue(again.cleanError() && again.err().contains("--force"), again.err());
        assertEquals(1, runDirs(out).size(), "left as it was");

        CliRun forced = CliRun.of("runs", "export", "-o", out.toString(), "--head", "logreg",
                "--force", "--features-dir", fd);
        assertEquals(0, forced.code(), forced.toString());
        assertEquals(List.of(MlflowExport.mlflowRunId("20260102-030405-000-logreg-aaaaaa")), runDirs(out));
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertEquals(List.of("features", "mlruns"), siblings.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no staging or old folder is left beside it");
        }

        Path notAStore = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(notAStore.resolve("notes.txt"), "keep");
        CliRun refused = CliRun.of("runs", "export", "-o", notAStore.toString(), "--force", "--features-dir", fd);
        assertEquals(2, refused.code(), refused.toString());
        assertEquals("keep", Files.readString(notAStore.resolve("notes.txt")));

        CliRun inside = CliRun.of("runs", "export", "-o", features.toString(), "--force", "--features-dir", fd);
        assertEquals(2, inside.code(), inside.toString());
        assertTrue(Files.isRegularFile(features.resolve("entry-a/manifest.json")));

        CliRun csv = CliRun.of("runs", "export", "--format", "csv", "-o", tmp.resolve("x").toString(), "--features-dir", fd);
        assertEquals(2, csv.code(), csv.toString());
    }

    @Test
    void aRunWhoseEntryIsDamagedStillExportsWithoutADataset() throws Exception {
        Path features = features();
        Files.writeString(features.resolve("entry-b/manifest.json"), "{ not json");
        Path out = tmp.resolve("mlruns");
        CliRun r = CliRun.of("runs", "export", "-o", out.toString(), "--features-dir", features.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("warning: ") && r.err().contains("entry-b"), r.err());
        assertEquals("frozen: entry entry-b", yaml(out.resolve("1/meta.yaml")).get("name"));
        Path dense = out.resolve("1").resolve(MlflowExport.mlflowRunId("20260102-030407-000-dense-cccccc"));
        assertEquals("entry-b", Files.readString(dense.resolve("tags/frozen.entry")));
        assertFalse(Files.exists(dense.resolve("inputs")), "no dataset input without a readable manifest");
        assertFalse(Files.exists(dense.resolve("tags/frozen.weights_sha256")));
        assertEquals(3, runDirs(out).size());
    }

    private static List<String> runDirs(Path store) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Path exp : children(store)) {
            if (Files.isDirectory(exp) && !exp.getFileName().toString().startsWith(".")) {
                for (Path p : children(exp)) {
                    if (RUN_DIR.matcher(p.getFileName().toString()).matches()) {
                        ids.add(p.getFileName().toString());
                    }
                }
            }
        }
        return ids;
    }
}
