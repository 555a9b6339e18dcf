package dev.uptake.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.uptake.contracts.EventType;
import dev.uptake.contracts.TrackedEvent;

class IsoInstantsTest {

    private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    /** Random instants of years 0–9999, with no fraction, whole milli-, whole micro- and any nanoseconds. */
    private static List<Instant> samples() {
        Random random = new Random(42);
        List<Instant> instants = new java.util.ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(YEAR_0),
                Instant.ofEpochSecond(YEAR_10000 - 1, 999_999_999), Instant.parse("2024-02-29T23:59:59.5Z"),
                Instant.ofEpochSecond(-1, 1)));
        for (int i = 0; i < 200_000; i++) {
            long seconds = YEAR_0 + (long) (random.nextDouble() * (YEAR_10000 - YEAR_0));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nanos));
        }
        return instants;
    }

    @Test
    void shouldFormatEveryInstantExactlyAsInstantToString() {
        for (Instant instant : samples()) {
            assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
        }
        Instant beyond = Instant.parse("+12026-01-01T00:00:00Z");
        assertThat(IsoInstants.format(beyond)).isEqualTo(beyond.toString());
        assertThat(IsoInstants.format(Instant.MIN)).isEqualTo(Instant.MIN.toString());
    }

    @Test
    void shouldParseEveryCanonicalTextToWhatInstantParseGives() {
        for (Instant instant : samples()) {
            String text = instant.toString();
            assertThat(IsoInstants.parseCanonical(text)).isEqualTo(Instant.parse(text));
        }
        // Fractions Instant.toString never writes (1, 2, 4, 5, 7 or 8 digits) are canonical input too.
        assertThat(IsoInstants.parseCanonical("2026-11-23T09:30:00.1Z")).isEqualTo(Instant.parse("2026-11-23T09:30:00.1Z"));
        assertThat(IsoInstants.parseCanonical("2026-11-23T09:30:00.12345678Z"))
                .isEqualTo(Instant.parse("2026-11-23T09:30:00.12345678Z"));
    }

    @Test
    void shouldLeaveEveryOtherFormToTheJdkWithItsResultOrItsException() {
        // The JDK is lenient here and there (24:00, an empty fraction): the same leniency, by asking it.
        for (String other : List.of("2026-11-23T10:30:00+01:00", "2026-11-23t09:30:00z", "2016-12-31T23:59:60Z",
                "+12026-01-01T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T09:30:00.Z")) {
            assertThat(IsoInstants.parseCanonical(other)).isNull();
            assertThat(IsoInstants.parse(other)).isEqualTo(Instant.parse(other));
        }
        for (String invalid : List.of("2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-23T09:30:00.1234567890Z", "2026-11-23 09:30:00Z", "yesterday",
                "2026-1a-23T09:30:00Z", "")) {
            assertThat(IsoInstants.parseCanonical(invalid)).isNull();
            assertThatThrownBy(() -> IsoInstants.parse(invalid)).isInstanceOf(DateTimeParseException.class);
        }
    }

    @Test
    void shouldCarryTrackedEventInstantsAsTheStockJacksonModuleDoes() throws Exception {
        ObjectMapper stock = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Instant at = Instant.parse("2026-11-23T09:30:00.120Z");
        TrackedEvent event = new TrackedEvent(TrackedEvent.SCHEMA_VERSION, "t", "m", EventType.TRACK, "u", null, "a",
                "Report Exported", null, null, null, null, null, null, at, at.minusSeconds(3), at.plusNanos(1),
                at.plusSeconds(1), false);

        String json = stock.writeValueAsString(event);

        assertThat(json).contains("\"timestamp\":\"2026-11-23T09:30:00.120Z\"")
                .contains("\"sentAt\":\"2026-11-23T09:30:00.120000001Z\"");
        assertThat(stock.readValue(json, TrackedEvent.class)).isEqualTo(event);
        // Numbers (epoch seconds) and offsets are still read, by the stock deserializer.
        String other = json.replace("\"2026-11-23T09:30:01.120Z\"", "1795426201.120")
                .replace("\"2026-11-23T09:30:00.120Z\"", "\"2026-11-23T10:30:00.120+01:00\"");
        assertThat(stock.readValue(other, TrackedEvent.class)).isEqualTo(event);
    }
}
