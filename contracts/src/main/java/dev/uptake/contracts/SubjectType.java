package dev.uptake.contracts;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a signal is about. */
public enum SubjectType {
    ACCOUNT, USER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
