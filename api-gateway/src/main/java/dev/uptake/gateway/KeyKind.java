package dev.uptake.gateway;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an API key may do: {@code write} sends events, {@code read} queries, {@code admin} does anything in its tenant. */
public enum KeyKind {

    WRITE('w'),
    READ('r'),
    ADMIN('a');

    private final char letter;

    KeyKind(char letter) {
        this.letter = letter;
    }

    /** The letter in the key's text, so a leaked key tells at a glance how much it can do. */
    public char letter() {
        return letter;
    }

    /** The name in the API, in the database and in {@code X-Uptake-Key-Kind}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KeyKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName().equals(name)).findFirst();
    }

    public static Optional<KeyKind> fromLetter(char letter) {
        return Arrays.stream(values()).filter(kind -> kind.letter == letter).findFirst();
    }
}
