package dev.frozen.heads;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frozen.DataError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code head.json} every saved head folder holds: kind, fitted params, class names, the standardizer,
 * a kind-specific {@code model} object (weights, or the name of a companion file) with its {@code model_type},
 * and {@code source}: what the head was fitted on (feature entry name, manifest and features digests). Older
 * files lack {@code model_type} and {@code source}; readers then fall back to what the model object holds.
 */
record HeadFile(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("kind") String kind,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("class_names") List<String> classNames,
        @JsonProperty("standardizer") Standardizer standardizer,
        @JsonProperty("model") JsonNode model,
        @JsonProperty("model_type") String modelType,
        @JsonProperty("source") Map<String, String> source) {

    static final int FORMAT_VERSION = 1;
    static final String NAME = "head.json";
    static final ObjectMapper MAPPER = dev.frozen.Json.MAPPER;
    /** Weights are long arrays: one line, not one line per number. */
    private static final com.fasterxml.jackson.databind.ObjectWriter COMPACT =
            MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    static void write(Path dir, HeadKind kind, String modelType, Map<String, Object> params, List<String> classNames,
            Standardizer standardizer, Object model) {
        try {
            Files.createDirectories(dir);
            HeadFile file = new HeadFile(FORMAT_VERSION, kind.id(), params, classNames, standardizer,
                    MAPPER.valueToTree(model), modelType, null);
            COMPACT.writeValue(dir.resolve(NAME).toFile(), file);
        } catch (IOException e) {
            throw new DataError("cannot write model to " + dir + ": " + e.getMessage(), e);
        }
    }

    static HeadFile read(Path dir) {
        Path file = dir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            throw new DataError("no saved head at " + dir + " (expected " + NAME + ")");
        }
        try {
            HeadFile f = MAPPER.readValue(file.toFile(), HeadFile.class);
            if (f.formatVersion() != FORMAT_VERSION) {
                throw new DataError(file + " has format_version " + f.formatVersion() + ", expected " + FORMAT_VERSION);
            }
            return f;
        } catch (IOException e) {
            throw new DataError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Rewrites {@code dir/head.json} with {@code source} added; the rest of the file is unchanged. */
    static void writeSource(Path dir, Map<String, String> source) {
        HeadFile f = read(dir);
        HeadFile stamped = new HeadFile(f.formatVersion(), f.kind(), f.params(), f.classNames(), f.standardizer(),
                f.model(), f.modelType(), Map.copyOf(source));
        try {
            dev.frozen.AtomicFiles.writeString(dir.resolve(NAME), COMPACT.writeValueAsString(stamped));
        } catch (IOException e) {
            throw new DataError("cannot write model to " + dir + ": " + dev.frozen.IoErrors.describe(e), e);
        }
    }

    <T> T model(Class<T> type) {
        try {
            return MAPPER.treeToValue(model, type);
        } catch (IOException e) {
            throw new DataError("malformed model in head.json: " + e.getMessage(), e);
        }
    }
}
