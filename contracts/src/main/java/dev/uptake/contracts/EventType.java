package dev.uptake.contracts;

import com.fasterxml.jackson.annotation.JsonValue;

/** Segment's call types, spelled as Segment spells them on the wire. */
public enum EventType {
    TRACK, IDENTIFY, GROUP, PAGE, SCREEN, ALIAS;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static EventType fromWireName(String value) {
        for (EventType type : values()) {
            if (type.wireName().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown event type: " + value);
    }
}
