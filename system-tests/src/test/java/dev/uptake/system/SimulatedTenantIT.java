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

import org.junit.jupiter.api.BeforeAll;
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
import dev.uptake.simulator.usage.AccountPlan;
import dev.uptake.simulator.usage.UsagePlanner;
import dev.uptake.simulator.world.Account;
import dev.uptake.simulator.world.Feature;
import dev.uptake.simulator.world.FeatureCatalog;
import dev.uptake.simulator.world.FeatureDefinitions;
import io.restassured.http.ContentType;

/**
 * A simulated tenant sent through the gateway as the demo sends it, once for every scenario here. Every feature's
 * adoption over the whole period must equal what the simulated stream itself says (the rollups are exact), and the
 * stream must realise the planted adoption within sampling error. An onboarding campaign aimed at the users the
 * segments API calls new must reach exactly the users who never became active, and no one else. The power feature's
 * retention analysis must count the same adopters and non-adopters, retained or not, as the stream has, and its
 * renewal analysis the same renewals, renewed or not, in each band of power-feature use; the login threshold it
 * calibrates must separate renewals from churns as well as the best one the stream allows, and the planted threshold
 * as well as the stream says it does; and its activation funnel must count the same users at every step.
 */
class SimulatedTenantIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Keys keys;
    private static SimulationSettings settings;
    private static FeatureCatalog catalog;
    private static StreamFacts facts;
    private static TruthMeter meter;
    private static Simulator.Result result;

    @BeforeAll
    static void simulateAndSendThroughTheGateway() throws Exception {
        keys = newTenant();
        settings = new SimulationSettings(20261201L, 36, 300, 8, LocalDate.now(ZoneOffset.UTC), 0.2,
                PlantedTruth.defaults());
        catalog = new FeatureCatalog(settings.truth().powerFeature());
        for (JsonNode feature : FeatureDefinitions.catalog(JSON, catalog)) {
            given().baseUri(gateway()).header("Authorization", "Bearer " + keys.admin()).contentType(ContentType.JSON)
                    .body(feature.toString()).when().put("/v1/features/" + feature.path("key").asText())
                    .then().statusCode(201);
        }

        facts = new StreamFacts();
        meter = new TruthMeter(settings, catalog);
        ByteArrayOutputStream senderLog = new ByteArrayOutputStream();
        BatchSender sender = new BatchSender(new BatchSender.Settings(URI.create(gateway()), keys.write(), 100, 2, 0,
                10, Duration.ofSeconds(30)), BatchSender.defaultClient(), JSON, new PrintStream(senderLog, true));
        try (CallSink all = CallSink.all(facts, meter, sender)) {
            result = new Simulator(JSON).run(settings, all);
        }
        BatchSender.Stats stats = sender.stats();
        assertThat(stats.accepted()).as(senderLog.toString()).isEqualTo(result.calls());
        assertThat(stats.rejected()).isZero();
    }

    @Test
    void shouldReportEachFeaturesAdoptionExactlyAsTheSimulatedStreamHasIt() {
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
        assertPlanted(meter.measure().adoption(), settings.truth().adoptionRate(), 50);
    }

    @Test
    void shouldMeasureThePowerFeaturesRetentionAsTheSimulatedStreamHasIt() {
        // The simulator measures retention its own way, from the calls alone; the analysis must count the same users.
        RealisedTruth truth = meter.measure();
        String power = settings.truth().powerFeature();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode retention = JSON.readTree(given().baseUri(gateway())
                    .header("Authorization", "Bearer " + keys.read())
                    .queryParam("from", settings.start().toString())
                    .queryParam("to", settings.end().minusDays(1).toString()).queryParam("minLevel", "used")
                    .when().get("/v1/features/" + power + "/retention")
                    .then().statusCode(200).extract().asString());
            assertThat(new long[] {retention.path("adopters").path("users").asLong(),
                    retention.path("adopters").path("retained").asLong(),
                    retention.path("nonAdopters").path("users").asLong(),
                    retention.path("nonAdopters").path("retained").asLong()})
                    .containsExactly(truth.adopterRetention().population(), truth.adopterRetention().hits(),
                            truth.nonAdopterRetention().population(), truth.nonAdopterRetention().hits());
        });

        // And the planted retention of both groups is realised within four standard errors.
        assertPlanted(truth.adopterRetention(), settings.truth().adopterRetention(), 20);
        assertPlanted(truth.nonAdopterRetention(), settings.truth().nonAdopterRetention(), 20);
    }

    @Test
    void shouldBandRenewalsByPowerFeatureUseAsTheSimulatedStreamHasThem() {
        RealisedTruth truth = meter.measure();
        List<RealisedTruth.BandRenewals> expected = truth.renewalByBand();
        assertThat(expected.stream().filter(band -> band.renewal().population() > 0).count()).isGreaterThan(1);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode renewals = JSON.readTree(given().baseUri(gateway())
                    .header("Authorization", "Bearer " + keys.read())
                    .queryParam("from", settings.start().toString())
                    .queryParam("to", settings.end().minusDays(1).toString()).queryParam("minLevel", "used")
                    .queryParam("bands", String.join(",", settings.truth().renewalBands().stream()
                            .map(dev.uptake.simulator.PlantedTruth.UsageBand::label).toList()))
                    .when().get("/v1/features/" + settings.truth().powerFeature() + "/renewals")
                    .then().statusCode(200).extract().asString());
            List<String> actual = new java.util.ArrayList<>();
            renewals.path("bands").forEach(band -> actual.add(band.path("band").asText() + ": "
                    + band.path("renewed").asLong() + "/" + band.path("renewals").asLong()));
            assertThat(actual).containsExactlyElementsOf(expected.stream()
                    .map(band -> band.band() + ": " + band.renewal().hits() + "/" + band.renewal().population()).toList());
        });
    }

    @Test
    void shouldCalibrateTheLoginThresholdOnTheRenewalsAsTheSimulatedStreamHasThem() {
        RealisedTruth.LoginSeparation expected = meter.measure().logins();
        assertThat(expected.renewals()).isGreaterThan(10);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode calibrated = JSON.readTree(given().baseUri(gateway())
                    .header("Authorization", "Bearer " + keys.read())
                    .queryParam("from", settings.start().toString())
                    .queryParam("to", settings.end().minusDays(1).toString())
                    .queryParam("threshold", settings.truth().loginsPerWeekThreshold())
                    .when().get("/v1/analysis/login-threshold").then().statusCode(200).extract().asString());
            assertThat(new long[] {calibrated.path("renewals").asLong(), calibrated.path("separated").asLong(),
                    calibrated.path("evaluated").path("separated").asLong()})
                    .containsExactly(expected.renewals(), expected.separatedByBest().hits(),
                            expected.separatedByPlanted().hits());
        });
    }

    @Test
    void shouldWalkTheActivationFunnelAsTheSimulatedStreamHasIt() {
        RealisedTruth.Funnel expected = meter.measure().funnel();
        List<RealisedTruth.Rate> steps = List.of(expected.loggedInWithin7Days(), expected.acted(), expected.returned(),
                expected.weeklyHabit(), expected.powerUsers());
        List<Long> users = new java.util.ArrayList<>(List.of((long) expected.signups()));
        steps.forEach(step -> users.add((long) step.hits()));
        assertThat(users.get(users.size() - 1)).isPositive();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode funnel = JSON.readTree(given().baseUri(gateway())
                    .header("Authorization", "Bearer " + keys.read())
                    .queryParam("from", settings.start().toString())
                    .queryParam("to", settings.end().minusDays(1).toString())
                    .queryParam("actionFromLevel", "used").queryParam("minAgeDays", 100)
                    .when().get("/v1/funnels/activation").then().statusCode(200).extract().asString());
            List<Long> actual = new java.util.ArrayList<>();
            funnel.path("steps").forEach(step -> actual.add(step.path("users").asLong()));
            assertThat(actual).containsExactlyElementsOf(users);
        });

        // The first step, the one with a population large enough to tell, realises the planted rate.
        assertPlanted(steps.get(0), settings.truth().funnel().loginWithin7Days(), 30);
    }

    private static void assertPlanted(RealisedTruth.Rate realised, double planted, int minPopulation) {
        assertThat(realised.population()).isGreaterThan(minPopulation);
        double error = Math.sqrt(planted * (1 - planted) / realised.population());
        assertThat(realised.rate()).isCloseTo(planted, org.assertj.core.data.Offset.offset(4 * error));
    }

    @Test
    void shouldDeliverAnOnboardingCampaignToExactlyTheUsersWhoNeverBecameActive() throws Exception {
        // The audience as a CSM would pick it: the new segment, read through the API once scoring has the whole stream.
        Set<String> neverActive = facts.neverActive();
        assertThat(neverActive).as("the simulated base has invited users who never log in").hasSizeGreaterThan(5);
        Set<String> planned = plannedNeverActive();
        assertThat(planned).as("planted: users who join and never log in").isNotEmpty();
        assertThat(neverActive).as("the stream keeps every planted never-active user so").containsAll(planned);
        Set<String> audience = new HashSet<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            audience.clear();
            audience.addAll(newSegmentMembers());
            assertThat(audience).as("members of users/new").isEqualTo(neverActive);
        });

        String campaign = given().baseUri(gateway()).header("Authorization", "Bearer " + keys.admin())
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Finish setting up\",\"channel\":\"in_app\",\"message\":{\"title\":\"Your team is "
                        + "waiting\",\"body\":\"Log in and build your first report.\"}}")
                .when().post("/v1/campaigns").then().statusCode(201).extract().path("campaignId");
        assertThat(deliver(campaign, audience)).containsExactly(audience.size(), 0);
        // A retry (the CSM clicks twice, the client times out) reaches no one a second time.
        assertThat(deliver(campaign, audience)).containsExactly(0, audience.size());

        for (String user : facts.users()) {
            JsonNode inbox = JSON.readTree(given().baseUri(gateway()).header("Authorization", "Bearer " + keys.write())
                    .queryParam("userId", user).queryParam("limit", 200)
                    .when().get("/v1/inbox").then().statusCode(200).extract().asString());
            long fromCampaign = 0;
            for (JsonNode message : inbox.path("items")) {
                if (campaign.equals(message.path("campaignId").asText())) {
                    fromCampaign++;
                    assertThat(message.path("title").asText()).isEqualTo("Your team is waiting");
                    assertThat(message.has("readAt")).isFalse();
                }
            }
            assertThat(fromCampaign).as("messages of the campaign in %s's inbox", user)
                    .isEqualTo(audience.contains(user) ? 1 : 0);
        }
    }

    /** Users the simulator planned to join and never log in (some more never log in because their account churned). */
    private static Set<String> plannedNeverActive() {
        Set<String> users = new HashSet<>();
        UsagePlanner planner = new UsagePlanner(settings);
        for (Account account : result.world().accounts()) {
            AccountPlan plan = planner.plan(account);
            plan.users().stream().filter(user -> plan.joins(user) && user.firstDay() < 0)
                    .forEach(user -> users.add(user.user().id()));
        }
        return users;
    }

    private static Set<String> newSegmentMembers() throws Exception {
        Set<String> members = new HashSet<>();
        String cursor = null;
        do {
            var request = given().baseUri(gateway()).header("Authorization", "Bearer " + keys.read())
                    .queryParam("limit", 200);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonNode page = JSON.readTree(request.when().get("/v1/segments/users/new/members")
                    .then().statusCode(200).extract().asString());
            page.path("items").forEach(member -> members.add(member.path("id").asText()));
            cursor = page.path("nextCursor").asText(null);
        } while (cursor != null);
        return members;
    }

    /** Delivers in chunks of the API's 1,000; answers {delivered, alreadyDelivered} summed. */
    private static int[] deliver(String campaign, Set<String> users) throws Exception {
        List<String> all = List.copyOf(users);
        int[] totals = new int[2];
        for (int from = 0; from < all.size(); from += 1000) {
            ObjectNode body = JSON.createObjectNode();
            all.subList(from, Math.min(all.size(), from + 1000)).forEach(body.putArray("userIds")::add);
            JsonNode answer = JSON.readTree(given().baseUri(gateway()).header("Authorization", "Bearer " + keys.admin())
                    .contentType(ContentType.JSON).body(body.toString())
                    .when().post("/v1/campaigns/" + campaign + "/deliveries").then().statusCode(200)
                    .extract().asString());
            totals[0] += answer.path("delivered").asInt(-1);
            totals[1] += answer.path("alreadyDelivered").asInt(-1);
        }
        return totals;
    }

    /** What the stream says, counted as the adoption API defines it. */
    private static final class StreamFacts implements CallSink {

        private final Map<String, String> roles = new HashMap<>();
        private final Map<String, Map<String, Set<LocalDate>>> eventDays = new HashMap<>();
        private final Set<String> users = new HashSet<>();

        @Override
        public void accept(ObjectNode call, byte[] json) {
            String user = call.path("userId").asText(null);
            if (user == null) {
                return;
            }
            users.add(user);
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

        Set<String> users() {
            return users;
        }

        /** Users the stream names (identify, group) but never shows doing anything (track, page, screen). */
        Set<String> neverActive() {
            Set<String> never = new HashSet<>(users);
            never.removeAll(eventDays.keySet());
            return never;
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
