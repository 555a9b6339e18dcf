package dev.uptake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.uptake.simulator.output.BatchBuilder;

/** Every generated call must be one the public tracking API accepts. */
class GeneratedCallsTest {

    private static final Set<String> TYPES = Set.of("track", "identify", "group", "page", "screen");
    private static final Instant START = Worlds.END.minusMonths(13).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
    private static final Instant END = Worlds.END.atStartOfDay().toInstant(java.time.ZoneOffset.UTC);

    private static final List<byte[]> lines = new ArrayList<>();
    private static final List<JsonNode> calls = new ArrayList<>();

    @BeforeAll
    static void generate() throws Exception {
        String ndjson = new String(Worlds.ndjson(Worlds.settings(3, 30, 300, 13)), StandardCharsets.UTF_8);
        for (String line : ndjson.split("\n")) {
            lines.add(line.getBytes(StandardCharsets.UTF_8));
            calls.add(Worlds.MAPPER.readTree(line));
        }
    }

    @Test
    void shouldGiveEveryCallATypeAUserAndAnIsoTimestampInThePeriod() {
        assertThat(calls).hasSizeGreaterThan(10_000).allSatisfy(call -> {
            assertThat(call.path("type").asText()).isIn(TYPES);
            assertThat(call.path("userId").asText()).isNotBlank();
            Instant timestamp = Instant.parse(call.path("timestamp").asText());
            assertThat(timestamp).isBetween(START, END);
            assertThat(call.path("context").path("historical").asBoolean()).isTrue();
        });
    }

    @Test
    void shouldGiveEveryCallAUniqueMessageId() {
        Set<String> ids = new HashSet<>();
        calls.forEach(call -> ids.add(call.path("messageId").asText()));

        assertThat(ids).hasSize(calls.size()).doesNotContain("", "null");
    }

    @Test
    void shouldNameEveryTrackEventAndGroupEveryGroupCall() {
        assertThat(calls).filteredOn(call -> call.path("type").asText().equals("track"))
                .allSatisfy(call -> assertThat(call.path("event").asText()).isNotBlank());
        assertThat(calls).filteredOn(call -> call.path("type").asText().equals("group"))
                .allSatisfy(call -> assertThat(call.path("groupId").asText()).startsWith("acc-"));
        assertThat(calls).filteredOn(call -> call.path("type").asText().matches("track|page|screen"))
                .allSatisfy(call -> assertThat(call.path("context").path("groupId").asText()).startsWith("acc-"));
    }

    @Test
    void shouldCarryTheTraitsTheScoringServiceReads() {
        assertThat(calls).filteredOn(call -> call.path("type").asText().equals("group"))
                .allSatisfy(call -> assertThat(call.path("traits").fieldNames()).toIterable().contains("name", "plan",
                        "tier", "industry", "seats", "mrr", "arr", "renewalDate", "csm", "createdAt"));
        assertThat(calls).filteredOn(call -> call.path("type").asText().equals("identify"))
                .allSatisfy(call -> {
                    assertThat(call.path("traits").fieldNames()).toIterable().contains("email", "name", "role",
                            "createdAt");
                    assertThat(call.path("traits").path("role").asText()).isIn("admin", "end user", "manager",
                            "executive");
                });
        assertThat(calls).filteredOn(call -> call.path("type").asText().equals("group"))
                .extracting(call -> call.path("traits").path("tier").asText()).contains("enterprise", "mid-market",
                        "smb");
    }

    @Test
    void shouldEmitRenewalOutcomesAsGroupTraits() {
        assertThat(calls).filteredOn(call -> call.path("traits").has("renewalOutcome"))
                .extracting(call -> call.path("traits").path("renewalOutcome").asText())
                .contains("renewed", "churned");
    }

    @Test
    void shouldKeepEveryCallUnder32KilobytesAndEveryBatchUnder500Kilobytes() throws Exception {
        assertThat(lines).allSatisfy(line -> assertThat(line.length).isLessThan(32 * 1024));
        BatchBuilder builder = new BatchBuilder(5_000);
        List<List<byte[]>> batches = new ArrayList<>();
        for (byte[] line : lines) {
            List<byte[]> full = builder.add(line);
            if (full != null) {
                batches.add(full);
            }
        }
        batches.add(builder.drain());

        assertThat(batches).hasSizeGreaterThan(1);
        int total = 0;
        for (List<byte[]> batch : batches) {
            byte[] body = BatchBuilder.body(batch, "2026-11-23T10:00:00.000Z");
            assertThat(body.length).isLessThan(500 * 1000);
            JsonNode parsed = Worlds.MAPPER.readTree(body);
            assertThat(parsed.path("batch").size()).isEqualTo(batch.size());
            assertThat(parsed.path("sentAt").asText()).isEqualTo("2026-11-23T10:00:00.000Z");
            total += batch.size();
        }
        assertThat(total).isEqualTo(lines.size());
    }

    @Test
    void shouldKeepSessionsMinutesApartWithinAndHalfAnHourApartBetween() {
        String user = calls.stream().filter(call -> call.path("event").asText().equals("Logged In"))
                .map(call -> call.path("userId").asText()).findFirst().orElseThrow();
        List<Instant> logins = calls.stream().filter(call -> call.path("userId").asText().equals(user))
                .filter(call -> call.path("event").asText().equals("Logged In"))
                .map(call -> Instant.parse(call.path("timestamp").asText())).sorted().toList();
        for (int i = 1; i < logins.size(); i++) {
            assertThat(java.time.Duration.between(logins.get(i - 1), logins.get(i))).isGreaterThan(
                    java.time.Duration.ofMinutes(30));
        }
    }
}
