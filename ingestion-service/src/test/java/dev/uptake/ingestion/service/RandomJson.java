package dev.uptake.ingestion.service;

import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Seeded random JSON trees with every parsed node type, and strings that escape, leave ASCII or need surrogates. */
final class RandomJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ALPHABET = "aZ9 \\\"/\n\t\u0000\u001f\u00e9\u20ac\ud83d\ude00<>&'";

    private final Random random;
    private final String alphabet;

    RandomJson(long seed) {
        this(seed, ALPHABET);
    }

    private RandomJson(long seed, String alphabet) {
        this.random = new Random(seed);
        this.alphabet = alphabet;
    }

    /** Without NUL characters, which ingestion refuses (no store downstream holds them everywhere). */
    static RandomJson storable(long seed) {
        return new RandomJson(seed, ALPHABET.replace("\u0000", ""));
    }

    String text() {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(40); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    JsonNode tree() {
        return tree(0);
    }

    ObjectNode object() {
        ObjectNode object = NODES.objectNode();
        for (int i = random.nextInt(6); i > 0; i--) {
            object.set(text(), tree(1));
        }
        return object;
    }

    private JsonNode tree(int depth) {
        int kind = depth > 3 ? random.nextInt(6) : random.nextInt(8);
        return switch (kind) {
            case 0 -> NODES.textNode(text());
            case 1 -> NODES.numberNode(random.nextLong());
            case 2 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(600) - 300));
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> NODES.numberNode(random.nextInt());
            case 6 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(tree(depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(6); i > 0; i--) {
                    object.set(text(), tree(depth + 1));
                }
                yield object;
            }
        };
    }
}
