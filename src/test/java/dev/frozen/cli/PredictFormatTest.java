package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frozen.Json;
import dev.frozen.experiments.fit.Predictor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictFormatTest {
    static final Predictor.Prediction CAT = new Predictor.Prediction(Path.of("a,b.png"),
            List.of(new Predictor.Scored("cat", 0.75), new Predictor.Scored("dog", 0.25)), true);
    static final Predictor.Prediction SVM = new Predictor.Prediction(Path.of("c.png"),
            List.of(new Predictor.Scored("dog", 1.5)), false);

    @Test
    void csvHasOneRowPerImageAndRankWithQuotedFields() {
        assertEquals("\"a,b.png\",1,cat,0.75,probability\n\"a,b.png\",2,dog,0.25,probability\n",
                PredictCommand.render(CAT, PredictCommand.Format.CSV, true));
        assertEquals("c.png,1,dog,1.5,svm_decision\n", PredictCommand.render(SVM, PredictCommand.Format.CSV, false));
    }

    @Test
    void jsonObjectsJoinIntoOneValidArray() throws Exception {
        String text = "[" + PredictCommand.render(CAT, PredictCommand.Format.JSON, true)
                + PredictCommand.render(SVM, PredictCommand.Format.JSON, false) + "\n]";
        JsonNode array = Json.MAPPER.readTree(text);
        assertEquals(2, array.size());
        assertEquals("a,b.png", array.get(0).get("image").asText());
        assertEquals("probability", array.get(0).get("score_kind").asText());
        assertEquals("dog", array.get(0).get("top").get(1).get("class").asText());
        assertEquals(0.25, array.get(0).get("top").get(1).get("score").asDouble());
        assertEquals("svm_decision", array.get(1).get("score_kind").asText());
        assertEquals(3, text.lines().count() + 0 - 1, "one image per line between the brackets: " + text);
    }

    @Test
    void textKeepsTheIndentedLayout() {
        String text = PredictCommand.render(SVM, PredictCommand.Format.TEXT, true);
        assertTrue(text.startsWith("c.png  (svm decision scores, not probabilities)\n"), text);
        assertTrue(text.contains("  dog"), text);
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        CliRun run = CliRun.of("predict", "--run", "x", "--format", "xml", "a.png");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("xml"), run.toString());
    }
}
