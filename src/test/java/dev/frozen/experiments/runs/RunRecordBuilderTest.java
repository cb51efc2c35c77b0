package dev.frozen.experiments.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunRecordBuilderTest {
    /** A record with every field set, none to its default, so a field the builder drops shows in the JSON. */
    private static RunRecord full() {
        return RunRecord.builder().runId("20260102-030405-000-dense-abcdef").head("dense")
                .params(Runs.map("hidden", List.of(64), "lr", 0.001)).seed(7).valFraction(0.2).featuresEntry("e1")
                .layer("block4_pool").inputSize(64).valAccuracy(0.61).testAccuracy(0.6).perClassAccuracy(List.of(0.5, 0.7))
                .confusionMatrix(new int[][] {{5, 5}, {3, 7}}).classNames(List.of("cat", "dog")).fitSeconds(3.5)
                .predictSeconds(0.5).trainRows(80).valRows(20).testRows(20).created("2026-01-02T03:04:05Z")
                .versions(Map.of("frozen", "0.1.0")).modelFile("r.model").featuresSha256("f1").manifestSha256("m1")
                .search(List.of(Map.of("params", Map.of("lr", 0.001), "val_accuracy", 0.61))).converged(true)
                .rowsSha256("r1").epochs(List.of(Map.of("epoch", 1, "train_loss", 0.7))).pipeline("sweep")
                .seeds(List.of(new RunRecord.SeedResult(7, 0.61, 0.6, 3.5, 4, new int[] {0, 1})))
                .augment("hflip").build();
    }

    @Test
    void everyFieldHasASetterOfItsType() {
        for (RecordComponent c : RunRecord.class.getRecordComponents()) {
            try {
                assertEquals(RunRecord.Builder.class,
                        RunRecord.Builder.class.getMethod(c.getName(), c.getType()).getReturnType(), c.getName());
            } catch (NoSuchMethodException e) {
                fail("RunRecord.Builder has no setter for the field " + c.getName());
            }
        }
    }

    @Test
    void theBuilderSetsEachFieldByName() {
        RunRecord r = full();
        assertEquals("dense", r.head());
        assertEquals(7, r.seed());
        assertEquals(0.61, r.valAccuracy());
        assertEquals(20, r.valRows());
        assertEquals("m1", r.manifestSha256());
        assertEquals("r1", r.rowsSha256());
        assertEquals("sweep", r.pipeline());
        assertEquals("hflip", r.augment());
        assertArrayEquals(new int[] {0, 1}, r.seeds().get(0).predicted());
    }

    @Test
    void toBuilderCopiesEveryFieldAndChangesOnlyWhatIsSet() throws Exception {
        RunRecord r = full();
        assertEquals(RunStore.toJson(r), RunStore.toJson(r.toBuilder().build()));
        RunRecord other = r.toBuilder().runId("other").pipeline(null).build();
        assertEquals("other", other.runId());
        assertNull(other.pipeline());
        assertEquals(RunStore.toJson(r).replace(r.runId(), "other").replace("\"sweep\"", "null"),
                RunStore.toJson(other));
    }

    @Test
    void unsetFieldsAreWrittenAsNullOrZeroAsOlderRecordsRead() throws Exception {
        RunRecord r = RunRecord.builder().runId("x").head("svm").build();
        String json = RunStore.toJson(r);
        for (String key : List.of("val_accuracy", "search", "converged", "rows_sha256", "epochs", "pipeline", "seeds",
                "augment")) {
            assertTrue(json.contains("\"" + key + "\" : null"), key + " in " + json);
        }
        assertTrue(json.contains("\"test_accuracy\" : 0.0"), json);
        assertTrue(json.contains("\"train_rows\" : 0"), json);
    }
}
