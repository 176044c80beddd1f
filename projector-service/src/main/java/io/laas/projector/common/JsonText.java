package io.laas.projector.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON the read models keep as text (metadata), read back as a tree for a response. */
public final class JsonText {

    private JsonText() {
    }

    /** {@code what} names the value in the error: the text was written by the projector, so it is JSON. */
    public static JsonNode tree(ObjectMapper mapper, String json, String what) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " is not JSON", e);
        }
    }
}
