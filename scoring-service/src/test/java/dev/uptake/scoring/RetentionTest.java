package dev.uptake.scoring;

import static dev.uptake.scoring.Api.asTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;

import dev.uptake.contracts.TrackedEvent;
import dev.uptake.scoring.service.ActiveMonths;
import dev.uptake.scoring.service.RollupService;
import dev.uptake.scoring.service.SummaryBackfill;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Retention of a feature's adopters against its non-adopters, over a 200-day window with the default cohort (first
 * active by day 80, back within 14 days, retained when active from day 170 on). One user per rule, sent through the
 * broker; each user's expected side is stated with it.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class RetentionTest extends AnalysisFixtures {

    static final String TENANT = "t-retention";
    static final LocalDate TO = LocalDate.of(2026, 6, 30);
    static final LocalDate FROM = TO.minusDays(199);

    /** Days are offsets from FROM; each day has a login, and a feature event when one is named for it. */
    record Person(String id, String account, Map<Integer, String> days, String side, String sideAtUsedLevel,
            boolean retained) {
    }

    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(30);

    @Inject
    SummaryBackfill backfill;

    static final List<Person> PEOPLE = List.of(
            new Person("stays-adopter", "acme", Map.of(0, "", 5, "Forecast Run", 185, ""), "adopter", "adopter", true),
            new Person("lapsed-adopter", "acme", Map.of(10, "", 20, "Forecast Run", 100, ""), "adopter", "adopter", false),
            new Person("viewer", "acme", Map.of(0, "", 3, "Forecast Viewed", 180, ""), "adopter", "non-adopter", true),
            new Person("master", "acme", Map.of(0, "", 1, "Forecast Shared", 199, ""), "adopter", "adopter", true),
            new Person("stays-plain", "acme", Map.of(0, "", 2, "", 175, ""), "non-adopter", "non-adopter", true),
            new Person("lapsed-plain", "acme", Map.of(30, "", 40, "", 60, ""), "non-adopter", "non-adopter", false),
            // Used it only once retained: staying cannot be what made someone an adopter.
            new Person("late-adopter", "acme", Map.of(0, "", 7, "", 190, "Forecast Run"), "non-adopter", "non-adopter", true),
            // Adopted before the window began: still an adopter (the window's year from asOf includes that use).
            new Person("early-adopter", "acme", Map.of(-10, "Forecast Run", 0, "", 4, "", 185, ""), "adopter", "adopter",
                    true),
            new Person("one-visit", "acme", Map.of(0, "Forecast Run", 20, "", 190, ""), null, null, true),
            new Person("too-new", "acme", Map.of(90, "Forecast Run", 95, "", 190, ""), null, null, true),
            new Person("churned", "gone", Map.of(0, "", 4, "Forecast Run", 140, ""), null, null, false));

    @Override
    String tenant() {
        return TENANT;
    }

    @Override
    List<TrackedEvent> history() {
        List<TrackedEvent> events = new ArrayList<>();
        events.add(TestEvents.group(TENANT, "acme", null, TestEvents.traits("name", "Acme"), AnalysisFixtures.at(FROM, 0)));
        events.add(TestEvents.group(TENANT, "gone", null,
                TestEvents.traits("name", "Gone", "churnedAt", FROM.plusDays(150).toString()), AnalysisFixtures.at(FROM, 0)));
        for (Person person : PEOPLE) {
            person.days().forEach((offset, feature) -> {
                Instant at = AnalysisFixtures.at(FROM, offset);
                events.add(TestEvents.track(TENANT, person.account(), person.id(), "Logged In", at));
                if (!feature.isEmpty()) {
                    events.add(TestEvents.track(TENANT, person.account(), person.id(), feature, at.plusSeconds(300)));
                }
            });
        }
        return events;
    }

    @Test
    void shouldCompareRetentionOfAdoptersAndNonAdoptersAmongEstablishedUsers() {
        JsonPath retention = retention(Map.of());
        assertSides(retention, PEOPLE.stream().filter(p -> p.side() != null).toList(), Person::side);
        assertThat(retention.getString("minLevel")).isNull();
        assertThat(retention.getBoolean("cohort.churnedAccountsExcluded")).isTrue();
        double adopters = retention.getDouble("adopters.rate");
        double nonAdopters = retention.getDouble("nonAdopters.rate");
        assertThat(retention.getDouble("lift")).isEqualTo(Math.round((adopters - nonAdopters) * 10) / 10.0);
        List<Float> interval = retention.getList("adopters.interval95");
        assertThat(interval.get(0)).isLessThan((float) adopters);
        assertThat(interval.get(1)).isGreaterThan((float) adopters);
        // Seven users cannot show a difference this small to be real.
        assertThat(retention.getBoolean("significant")).isFalse();
    }

    @Test
    void shouldCountOnlyUsersWhoReachedTheMinimumLevelAsAdopters() {
        JsonPath retention = retention(Map.of("minLevel", "used"));
        assertSides(retention, PEOPLE.stream().filter(p -> p.side() != null).toList(), Person::sideAtUsedLevel);
        assertThat(retention.getString("minLevel")).isEqualTo("used");
    }

    @Test
    void shouldKeepUsersOfChurnedAccountsWhenAsked() {
        JsonPath retention = retention(Map.of("includeChurned", "true"));
        List<Person> measured = PEOPLE.stream().filter(p -> p.side() != null || p.id().equals("churned")).toList();
        assertSides(retention, measured, p -> p.id().equals("churned") ? "adopter" : p.side());
        assertThat(retention.getBoolean("cohort.churnedAccountsExcluded")).isFalse();
    }

    @Test
    void shouldDefaultToTheYearUpToAsOf() {
        // The 365 days up to TO start before the first event, so the same users are established the same way.
        JsonPath byAsOf = asTenant(TENANT).queryParam("asOf", TO.toString()).when().get("/v1/features/forecasting/retention")
                .then().statusCode(200).extract().jsonPath();
        assertThat(byAsOf.getString("window.from")).isEqualTo(TO.minusDays(364).toString());
        assertThat(byAsOf.getMap("adopters")).isEqualTo(retention(Map.of()).getMap("adopters"));
        assertThat(byAsOf.getMap("nonAdopters")).isEqualTo(retention(Map.of()).getMap("nonAdopters"));
    }

    @Test
    void shouldRefuseUnknownLevelsAndImpossibleCohorts() {
        for (Map<String, String> params : List.of(Map.of("minLevel", "expert"), Map.of("retentionDays", "120"),
                Map.of("minTenureDays", "201"), Map.of("returnWithinDays", "0"), Map.of("role", "king"))) {
            asTenant(TENANT).queryParam("from", FROM.toString()).queryParam("to", TO.toString()).queryParams(params)
                    .when().get("/v1/features/forecasting/retention")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        asTenant(TENANT).queryParam("asOf", TO.toString()).queryParam("from", FROM.toString())
                .queryParam("to", TO.toString()).when().get("/v1/features/forecasting/retention").then().statusCode(400);
        // Two years of history at most; a metrics window stops at 366 days.
        asTenant(TENANT).queryParam("from", TO.minusDays(730).toString()).queryParam("to", TO.toString())
                .when().get("/v1/features/forecasting/retention").then().statusCode(200);
        asTenant(TENANT).queryParam("from", TO.minusDays(731).toString()).queryParam("to", TO.toString())
                .when().get("/v1/features/forecasting/retention").then().statusCode(400);
        asTenant(TENANT).when().get("/v1/features/nothing/retention").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void shouldRebuildTheUserSummariesFromTheUserDaysWhenTheyAreMissing() {
        JsonPath before = retention(Map.of());
        Map<String, Document> summaries = summaries();
        assertThat(summaries).hasSize(PEOPLE.size());
        // Days 0, 5 and 185: 2025-12-13, 2025-12-18 and 2026-06-16.
        Document staysAdopter = summaries.get(TENANT + "/stays-adopter");
        assertThat(staysAdopter.get(ActiveMonths.FIELD, Document.class))
                .isEqualTo(new Document("2025-12", List.of(13, 18)).append("2026-06", List.of(16)));
        assertThat(staysAdopter.get(RollupService.FIRST_USED, Document.class))
                .isEqualTo(new Document("Logged In", "2025-12-13").append("Forecast Run", "2025-12-18"));
        assertThat(staysAdopter.get(RollupService.LAST_USED, Document.class))
                .isEqualTo(new Document("Logged In", "2026-06-16").append("Forecast Run", "2025-12-18"));

        users().updateMany(Filters.eq("tenantId", TENANT), Updates.combine(Updates.unset(ActiveMonths.FIELD),
                Updates.unset(RollupService.FIRST_USED), Updates.unset(RollupService.LAST_USED))).await().atMost(WAIT);
        assertThat(retention(Map.of()).getLong("established")).isZero();
        mongo.getDatabase("uptake").getCollection("migrations").deleteMany(new Document()).await().atMost(WAIT);

        assertThat(backfill.run().await().atMost(WAIT)).isPositive();
        assertThat(summaries()).isEqualTo(summaries);
        assertThat(retention(Map.of()).prettify()).isEqualTo(before.prettify());
        // Done once: the next start reads nothing.
        assertThat(backfill.run().await().atMost(WAIT)).isZero();
    }

    private io.quarkus.mongodb.reactive.ReactiveMongoCollection<Document> users() {
        return mongo.getDatabase("uptake").getCollection("users");
    }

    /** Each user's summaries: active months, first and last uses. */
    private Map<String, Document> summaries() {
        Map<String, Document> found = new java.util.TreeMap<>();
        users().find(Filters.eq("tenantId", TENANT),
                        new io.quarkus.mongodb.FindOptions().projection(Projections.include(ActiveMonths.FIELD,
                                RollupService.FIRST_USED, RollupService.LAST_USED)))
                .subscribe().asStream().forEach(user -> found.put(user.getString("_id"), user));
        // Days are a set: the backfill may add them in another order than the rollups did.
        found.values().forEach(user -> user.get(ActiveMonths.FIELD, new Document())
                .replaceAll((month, days) -> ((List<?>) days).stream().sorted().toList()));
        return found;
    }

    private static JsonPath retention(Map<String, String> params) {
        return asTenant(TENANT).queryParam("from", FROM.toString()).queryParam("to", TO.toString()).queryParams(params)
                .when().get("/v1/features/forecasting/retention").then().statusCode(200).extract().jsonPath();
    }

    private static void assertSides(JsonPath retention, List<Person> measured,
            java.util.function.Function<Person, String> side) {
        long adopters = measured.stream().filter(p -> "adopter".equals(side.apply(p))).count();
        long adoptersRetained = measured.stream().filter(p -> "adopter".equals(side.apply(p)) && p.retained()).count();
        long others = measured.size() - adopters;
        long othersRetained = measured.stream().filter(p -> !"adopter".equals(side.apply(p)) && p.retained()).count();
        assertThat(retention.getLong("established")).isEqualTo(measured.size());
        assertThat(List.of(retention.getLong("adopters.users"), retention.getLong("adopters.retained"),
                retention.getLong("nonAdopters.users"), retention.getLong("nonAdopters.retained")))
                .containsExactly(adopters, adoptersRetained, others, othersRetained);
        assertThat(retention.getDouble("adopters.rate"))
                .isEqualTo(Math.round(1000.0 * adoptersRetained / adopters) / 10.0);
        assertThat(retention.getDouble("adoptionRate")).isEqualTo(Math.round(1000.0 * adopters / measured.size()) / 10.0);
    }
}
