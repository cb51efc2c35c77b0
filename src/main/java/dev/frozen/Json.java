package dev.frozen;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one JSON configuration for every file frozen writes (manifests, run records, saved heads, the
 * fingerprint memo): indented; maps keep their own order (sorted maps where stable output matters). Reading is lenient on purpose: unknown
 * properties are ignored, so files written by a newer frozen stay readable; required fields are checked by
 * the readers themselves.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    /** The JSON text of {@code value}; for values that always serialise (records of plain fields). */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
