package dev.frozen.heads;

import dev.frozen.InvalidOption;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each head kind owns its options: of(params) inverts params(), grids are products, old head.json files still load. */
class HeadKindTest {
    @TempDir Path tmp;

    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void ofInvertsParamsForEveryKind() {
        List<HeadOptions> samples = List.of(
                SvmOptions.of(Map.of("C", "0.25", "kernel", "linear", "tol", "1e-3", "max_iter", "50", "solver", "dual")),
                SvmOptions.of(Map.of("C", "3", "kernel", "rbf", "gamma", "0.002", "tol", "1e-4", "max_iter", "7")),
                LogRegOptions.of(Map.of("lambda", "0.5", "tol", "1e-5", "max_iter", "30")),
                DenseOptions.of(Map.of("hidden", "64,32", "dropout", "0.4", "lr", "3e-4", "epochs", "4", "batch", "16", "trainable_blocks", "2")));
        for (HeadOptions o : samples) {
            Map<String, String> text = new LinkedHashMap<>();
            o.params().forEach((k, v) -> {
                if (v != null) {
                    text.put(k, v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                            : String.valueOf(v));
                }
            });
            assertEquals(o, o.kind().of(text), o.kind() + " " + text);
            assertEquals(o.kind().keys(), o.kind().keys().stream().distinct().toList());
            assertTrue(o.kind().keys().containsAll(o.params().keySet()), o.kind() + " keys cover its params");
        }
    }

    @Test
    void aGridIsTheProductOfTheListsInKeyOrder() {
        List<HeadOptions> grid = DenseKind.KIND.grid(Map.of("lr", List.of("0.01", "0.001"), "hidden", List.of("8", "16,4")),
                false, 1000);
        assertEquals(4, grid.size());
        assertEquals(List.of(List.of(8), List.of(8), List.of(16, 4), List.of(16, 4)),
                grid.stream().map(o -> ((DenseOptions) o).hidden()).toList());
        assertEquals(List.of(0.01, 0.001, 0.01, 0.001), grid.stream().map(o -> ((DenseOptions) o).lr()).toList());
        assertEquals(5, SvmKind.KIND.grid(Map.of(), true, 1000).size(), "--search's default C path");
        assertEquals(1, LogRegKind.KIND.grid(Map.of(), false, 1000).size());
    }

    @Test
    void badOptionsNameTheirKey() {
        InvalidOption stray = assertThrows(InvalidOption.class,
                () -> LogRegKind.KIND.grid(Map.of("C", List.of("1")), false, 1000));
        assertEquals("C", stray.key());
        assertTrue(stray.getMessage().startsWith("C does not apply to head logreg"), stray.getMessage());
        InvalidOption bad = assertThrows(InvalidOption.class,
                () -> SvmKind.KIND.grid(Map.of("C", List.of("0.1", "x")), false, 1000));
        assertEquals("--C: expected a number, found 'x'", bad.as("--C"));
        InvalidOption empty = assertThrows(InvalidOption.class, () -> SvmKind.KIND.grid(Map.of("tol", List.of()), false, 1000));
        assertEquals("tol", empty.key());
        InvalidOption big = assertThrows(InvalidOption.class,
                () -> SvmKind.KIND.grid(Map.of("C", List.of("1", "2"), "tol", List.of("1", "2")), false, 3));
        assertEquals("max_settings", big.key());
        assertThrows(InvalidOption.class, () -> DenseKind.KIND.grid(Map.of("trainable_blocks", List.of("9")), false, 10));
    }

    @Test
    void headFilesWithoutAModelTypeStillLoad() throws Exception {
        for (SvmOptions o : List.of(SvmOptions.defaults(), SvmOptions.of(Map.of("C", "1", "kernel", "rbf", "tol", "1e-3", "max_iter", "100")))) {
            Head head = Heads.train(o, HeadsTest.TRAIN, null, 1, QUIET);
            Path dir = tmp.resolve(o.kernel().id());
            head.save(dir);
            Path json = dir.resolve(HeadFile.NAME);
            ObjectNode node = (ObjectNode) dev.frozen.Json.MAPPER.readTree(json.toFile());
            assertEquals(head instanceof KernelSvmHead ? KernelSvmHead.MODEL_TYPE : LinearHead.MODEL_TYPE,
                    node.get("model_type").asText());
            node.remove("model_type"); // as written before model_type existed
            Files.writeString(json, dev.frozen.Json.MAPPER.writeValueAsString(node));
            Head loaded = Heads.load(dir);
            assertEquals(head.getClass(), loaded.getClass());
            assertArrayEquals(head.predict(HeadsTest.TEST.features()), loaded.predict(HeadsTest.TEST.features()));
        }
    }

    @Test
    void selectionOptionsLoosenOnlyTheLinearSvmTolerance() {
        SvmOptions svm = SvmOptions.of(Map.of("C", "0.5", "kernel", "linear", "tol", "1e-4", "max_iter", "50", "solver", "primal"));
        assertEquals(SvmOptions.of(Map.of("C", "0.5", "kernel", "linear", "tol", String.valueOf(1e-4 * HeadOptions.SELECTION_TOL_FACTOR), "max_iter", "50", "solver", "primal")), svm.forSelection());
        LogRegOptions logreg = LogRegOptions.of(Map.of("lambda", "2", "tol", "1e-5", "max_iter", "30"));
        assertSame(logreg, logreg.forSelection());
        SvmOptions rbf = SvmOptions.of(Map.of("C", "3", "kernel", "rbf", "gamma", "0.002", "tol", "1e-4", "max_iter", "7"));
        assertSame(rbf, rbf.forSelection());
        DenseOptions dense = DenseOptions.of(Map.of("hidden", "8", "dropout", "0.1", "lr", "1e-3", "epochs", "2", "batch", "16"));
        assertSame(dense, dense.forSelection());
    }

    @Test
    void sharedRowsGiveTheSameModelsAsFreshOnes() {
        dev.frozen.features.FeatureSet train = HeadsTest.TRAIN;
        SharedRows shared = SharedRows.of(train);
        List<HeadOptions> settings = List.of(
                SvmOptions.of(Map.of("C", "0.01", "kernel", "linear", "tol", "1e-4", "max_iter", "1000", "solver", "primal")),
                SvmOptions.of(Map.of("C", "1", "kernel", "linear", "tol", "1e-4", "max_iter", "1000", "solver", "dual")),
                LogRegOptions.of(Map.of("lambda", "10", "tol", "1e-4", "max_iter", "100")), LogRegOptions.of(Map.of("lambda", "0.1", "tol", "1e-4", "max_iter", "100")));
        for (HeadOptions o : settings) {
            Head fresh = Heads.train(o, train, null, 5, QUIET);
            Head reused = Heads.train(o, shared, null, 5, null, QUIET, null);
            double[][] a = fresh.scores(HeadsTest.TEST.features());
            double[][] b = reused.scores(HeadsTest.TEST.features());
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], 0.0, o + " row " + i);
            }
        }
        // Built once and handed out again, not rebuilt per call.
        assertSame(shared.problem(), shared.problem());
        assertSame(shared.standardised(), shared.standardised());
    }

    @Test
    void summariesFollowTheDeclarations() {
        assertEquals("C=0.001", SvmKind.KIND.summary(SvmOptions.defaults().params()));
        assertEquals("C=10 rbf gamma=0.002", SvmKind.KIND.summary(
                SvmOptions.of(Map.of("kernel", "rbf", "C", "10", "gamma", "0.002")).params()));
        assertEquals("C=1", SvmKind.KIND.summary(Map.of("C", 1, "kernel", "linear")), "a record's whole-number C");
        assertEquals("lambda=100", LogRegKind.KIND.summary(LogRegOptions.defaults().params()));
        assertEquals("hidden=1000 drop=0.3 ep=10", DenseKind.KIND.summary(DenseOptions.defaults().params()));
        assertEquals("hidden=64,32 drop=0.5 ep=3 lr=0.01 batch=64", DenseKind.KIND.summary(DenseOptions.of(
                Map.of("hidden", "64,32", "dropout", "0.5", "epochs", "3", "lr", "0.01", "batch", "64")).params()));
        assertEquals("k=5 euclidean", KnnKind.KIND.summary(KnnOptions.of(Map.of("k", "5", "metric", "euclidean")).params()));
    }

    @Test
    void withChangesOneKeyAndChecksTheWhole() {
        DenseOptions d = DenseOptions.defaults().with("epochs", 3).with("hidden", List.of(8, 4));
        assertEquals(3, d.epochs());
        assertEquals(List.of(8, 4), d.hidden());
        assertEquals(DenseOptions.of(Map.of("epochs", "3", "hidden", "8,4")), d);
        assertEquals("epochs", assertThrows(InvalidOption.class, () -> d.with("epochs", 0)).key());
        assertEquals("gamma", assertThrows(InvalidOption.class, () -> SvmOptions.defaults().with("gamma", 0.1)).key(),
                "gamma with the linear kernel is refused by the kind's cross-field rule");
        assertThrows(IllegalArgumentException.class, () -> d.with("C", 1.0));
    }

    /** A trained head that only reports params, for the kind's fitting steps. */
    private static Head fitted(Map<String, Object> params) {
        return new Head() {
            public HeadKind kind() {
                return DenseKind.KIND;
            }

            public Map<String, Object> params() {
                return new LinkedHashMap<>(params);
            }

            public List<String> classNames() {
                return List.of("a", "b");
            }

            public double[][] scores(float[][] features) {
                return new double[features.length][2];
            }

            public boolean probabilistic() {
                return true;
            }

            public void save(Path dir) {}
        };
    }

    @Test
    void theDenseKindRefitsForTheKeptEpochAndKeepsItsControls() {
        DenseOptions chosen = DenseOptions.of(Map.of("epochs", "10", "trainable_blocks", "1", "reinit", "true"));
        Map<String, Object> params = new LinkedHashMap<>(chosen.params());
        params.put("kept_epoch", 4);
        Head validated = fitted(params);
        DenseOptions refit = (DenseOptions) DenseKind.KIND.forRefit(chosen, validated);
        assertEquals(4, refit.epochs());
        assertTrue(refit.reinit(), "the control is refitted as the control");
        assertSame(chosen, DenseKind.KIND.forRefit(chosen, null), "with CV there is no validated head");
        assertEquals(4, DenseKind.KIND.keptEpoch(validated));
        assertFalse(DenseKind.KIND.paramsAcrossSeeds(validated).containsKey("kept_epoch"));
        assertEquals(1, DenseKind.KIND.trainableBlocks(chosen.params()));
        LogRegOptions logreg = LogRegOptions.defaults();
        assertSame(logreg, LogRegKind.KIND.forRefit(logreg, null));
        assertNull(LogRegKind.KIND.keptEpoch(validated));
        assertEquals(0, LogRegKind.KIND.trainableBlocks(params));
    }
}
