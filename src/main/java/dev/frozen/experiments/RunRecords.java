package dev.frozen.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.frozen.DataError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes run records and makes run ids. An id is {@code yyyyMMdd-HHmmss-SSS-<head>-<6 hex>} in UTC,
 * so ids sort by creation time and two runs started in the same millisecond still differ.
 */
public final class RunRecords {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private RunRecords() {}

    public static String newRunId(String head, Instant when) {
        int random = ThreadLocalRandom.current().nextInt(1 << 24);
        return ID_TIME.format(when) + "-" + head + "-" + String.format("%06x", random);
    }

    /** The record file of {@code runId} inside a runs folder. */
    public static Path recordFile(Path runsDir, String runId) {
        return runsDir.resolve(runId + ".json");
    }

    /** The model folder name stored in {@code model_file}. */
    public static String modelFolderName(String runId) {
        return runId + ".model";
    }

    /** Writes via a temporary file and a rename, so a reader never sees half a record. */
    public static Path write(Path runsDir, RunRecord record) {
        Path file = recordFile(runsDir, record.runId());
        try {
            Files.createDirectories(runsDir);
            Path tmp = runsDir.resolve(record.runId() + ".json.tmp");
            MAPPER.writeValue(tmp.toFile(), record);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new DataError("cannot write run record " + file + ": " + e.getMessage(), e);
        }
    }

    public static RunRecord read(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), RunRecord.class);
        } catch (IOException e) {
            throw new DataError("cannot read run record " + file + ": " + e.getMessage(), e);
        }
    }

    public static String toJson(RunRecord record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
