package dev.uptake.scoring.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.uptake.scoring.repository.Ids;

/** Small helpers shared by the API mappers. */
final class Views {

    private Views() {
    }

    /** Trait names are stored escaped (no dots in MongoDB field names); the API shows them as sent. */
    static Map<String, Object> decodedKeys(Map<String, Object> stored) {
        if (stored == null) {
            return null;
        }
        Map<String, Object> decoded = new LinkedHashMap<>();
        stored.forEach((key, value) -> decoded.put(Ids.unfield(key), value));
        return decoded;
    }
}
