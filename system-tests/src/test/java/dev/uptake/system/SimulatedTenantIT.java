package dev.uptake.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.uptake.simulator.PlantedTruth;
import dev.uptake.simulator.SimulationSettings;
import dev.uptake.simulator.Simulator;
import dev.uptake.simulator.output.BatchSender;
import dev.uptake.simulator.output.CallSink;
import dev.uptake.simulator.truth.RealisedTruth;
import dev.uptake.simulator.truth.TruthMeter;
import dev.uptake.simulator.world.Feature;
import dev.uptake.simulator.world.FeatureCatalog;
import dev.uptake.simulator.world.FeatureDefinitions;
import io.restassured.http.ContentType;

/**
 * A simulated tenant sent through the gateway as the demo sends it. Every feature's adoption over the whole period
 * must equal what the simulated stream itself says (the rollups are exact), and the stream must realise the planted
 * adoption within sampling error. The planted retention, renewal bands, funnel and login threshold are checked once
 * scoring's part 2 analyses exist.
 */
class SimulatedTenantIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldReportEachFeaturesAdoptionExactlyAsTheSimulatedStreamHasIt() throws Exception {
        Keys keys = newTenant();
        SimulationSettings settings = new SimulationSettings(20261201L, 24, 240, 6,
                LocalDate.now(ZoneOffset.UTC), 0.2, PlantedTruth.defaults());
        FeatureCatalog catalog = new FeatureCatalog(settings.truth().powerFeature());
        for (JsonNode feature : FeatureDefinitions.catalog(JSON, catalog)) {
            given().baseUri(gateway()).header("Authorization", "Bearer " + keys.admin()).contentType(ContentType.JSON)
                    .body(feature.toString()).when().put("/v1/features/" + feature.path("key").asText())
                    .then().statusCode(201);
        }

        StreamFacts facts = new StreamFacts();
        TruthMeter meter = new TruthMeter(settings, catalog);
        ByteArrayOutputStream senderLog = new ByteArrayOutputStream();
        BatchSender sender = new BatchSender(new BatchSender.Settings(URI.create(gateway()), keys.write(), 100, 2, 0,
                10, Duration.ofSeconds(30)), BatchSender.defaultClient(), JSON, new PrintStream(senderLog, true));
        Simulator.Result result;
        try (CallSink all = CallSink.all(facts, meter, sender)) {
            result = new Simulator(JSON).run(settings, all);
        }
        BatchSender.Stats stats = sender.stats();
        assertThat(stats.accepted()).as(senderLog.toString()).isEqualTo(result.calls());
        assertThat(stats.rejected()).isZero();

        LocalDate from = settings.start();
        LocalDate to = settings.end().minusDays(1);
        for (Feature feature : catalog.features()) {
            if (feature.activityOnly()) {
                continue;
            }
            long[] expected = facts.adoption(feature, from, to);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                JsonNode adoption = JSON.readTree(given().baseUri(gateway())
                        .header("Authorization", "Bearer " + keys.read())
                        .queryParam("from", from.toString()).queryParam("to", to.toString())
                        .when().get("/v1/features/" + feature.key() + "/adoption")
                        .then().statusCode(200).extract().asString());
                assertThat(new long[] {adoption.path("targetUsers").asLong(), adoption.path("adopters").asLong()})
                        .as("target users and adopters of %s", feature.key()).containsExactly(expected);
            });
        }

        // The planted adoption (among established users) is realised within four standard errors.
        RealisedTruth.Rate adoption = meter.measure().adoption();
        double planted = settings.truth().adoptionRate();
        double error = Math.sqrt(planted * (1 - planted) / adoption.population());
        assertThat(adoption.population()).isGreaterThan(50);
        assertThat(adoption.rate()).isCloseTo(planted, org.assertj.core.data.Offset.offset(4 * error));
    }

    /** What the stream says, counted as the adoption API defines it. */
    private static final class StreamFacts implements CallSink {

        private final Map<String, String> roles = new HashMap<>();
        private final Map<String, Map<String, Set<LocalDate>>> eventDays = new HashMap<>();

        @Override
        public void accept(ObjectNode call, byte[] json) {
            String user = call.path("userId").asText(null);
            if (user == null) {
                return;
            }
            String type = call.path("type").asText();
            if (type.equals("identify") && call.path("traits").hasNonNull("role")) {
                roles.put(user, call.path("traits").path("role").asText());
            }
            String name = switch (type) {
                case "track" -> call.path("event").asText();
                case "page" -> "page:" + call.path("name").asText();
                case "screen" -> "screen:" + call.path("name").asText();
                default -> null;
            };
            if (name != null) {
                LocalDate day = java.time.Instant.parse(call.path("timestamp").asText()).atZone(ZoneOffset.UTC)
                        .toLocalDate();
                eventDays.computeIfAbsent(user, u -> new HashMap<>()).computeIfAbsent(name, n -> new HashSet<>())
                        .add(day);
            }
        }

        /** Target users (active in the window, of the feature's roles) and adopters among them. */
        long[] adoption(Feature feature, LocalDate from, LocalDate to) {
            long target = 0;
            long adopters = 0;
            for (var user : eventDays.entrySet()) {
                if (!feature.roles().isEmpty() && !feature.roles().contains(roles.get(user.getKey()))) {
                    continue;
                }
                boolean active = user.getValue().values().stream().flatMap(Set::stream)
                        .anyMatch(day -> !day.isBefore(from) && !day.isAfter(to));
                boolean used = feature.events().stream().map(user.getValue()::get).filter(java.util.Objects::nonNull)
                        .flatMap(Set::stream).anyMatch(day -> !day.isBefore(from) && !day.isAfter(to));
                target += active ? 1 : 0;
                adopters += active && used ? 1 : 0;
            }
            return new long[] {target, adopters};
        }
    }

    private record Keys(String write, String read, String admin) {
    }

    private static Keys newTenant() {
        String operator = "Bearer " + RunningSuite.suite().operatorToken();
        String tenant = "sim-" + UUID.randomUUID().toString().substring(0, 8);
        given().baseUri(gateway()).header("Authorization", operator).contentType(ContentType.JSON)
                .body("{\"id\":\"" + tenant + "\",\"name\":\"Simulated Co\"}")
                .when().post("/admin/tenants").then().statusCode(201);
        return new Keys(key(operator, tenant, "write"), key(operator, tenant, "read"), key(operator, tenant, "admin"));
    }

    private static String key(String operator, String tenant, String kind) {
        return given().baseUri(gateway()).header("Authorization", operator).contentType(ContentType.JSON)
                .body("{\"kind\":\"" + kind + "\"}").when().post("/admin/tenants/" + tenant + "/keys")
                .then().statusCode(201).extract().path("key");
    }

    private static String gateway() {
        return RunningSuite.suite().gatewayUrl();
    }
}
