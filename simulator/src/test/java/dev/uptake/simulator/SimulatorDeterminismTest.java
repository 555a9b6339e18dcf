package dev.uptake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class SimulatorDeterminismTest {

    @Test
    void shouldGenerateTheSameEventsByteForByteForTheSameSeed() throws Exception {
        String first = sha256(Worlds.ndjson(Worlds.settings(7, 25, 250, 13)));
        String second = sha256(Worlds.ndjson(Worlds.settings(7, 25, 250, 13)));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldGenerateDifferentEventsForAnotherSeed() throws Exception {
        String seven = sha256(Worlds.ndjson(Worlds.settings(7, 25, 250, 13)));
        String eight = sha256(Worlds.ndjson(Worlds.settings(8, 25, 250, 13)));

        assertThat(eight).isNotEqualTo(seven);
    }

    @Test
    void shouldGenerateDifferentMessageIdsForAnotherWorldWithTheSameSeed() {
        String small = Worlds.settings(7, 25, 250, 13).fingerprint();
        String larger = Worlds.settings(7, 26, 250, 13).fingerprint();

        assertThat(larger).isNotEqualTo(small);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
