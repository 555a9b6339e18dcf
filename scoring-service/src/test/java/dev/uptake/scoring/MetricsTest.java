package dev.uptake.scoring;

import static dev.uptake.scoring.Api.asTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import dev.uptake.scoring.service.AnalysisGate;
import dev.uptake.scoring.service.FullGate;
import dev.uptake.scoring.service.MonthBackfill;
import dev.uptake.scoring.service.RollupService;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class MetricsTest {

    static final String TENANT = "t-metrics";
    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
    static final History HISTORY = new History(TENANT,
            List.of(new History.Account("ent", "enterprise", "fintech", 4), new History.Account("smb", "smb", "retail", 10)),
            List.of(new History.Person("ent-1", "ent", "Administrator", 0.9),
                    new History.Person("ent-2", "ent", "Manager", 0.5),
                    new History.Person("ent-3", "ent", "user", 0.2),
                    new History.Person("ent-4", "ent", "user", 0.0),
                    new History.Person("smb-1", "smb", "Owner", 0.7),
                    new History.Person("smb-2", "smb", "user", 0.1)),
            AS_OF.minusDays(59), AS_OF, 42);
    private static boolean sent;

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    RollupService rollups;

    @Inject
    MonthBackfill monthBackfill;

    @Inject
    ReactiveMongoClient mongo;

    @BeforeEach
    void sendHistoryOnce() {
        if (!sent) {
            asTenant(TENANT).contentType("application/json")
                    .body("{\"name\":\"Reports\",\"events\":[{\"event\":\"Report Built\"}],\"category\":\"core\",\"impact\":\"high\","
                            + "\"depthLevels\":[{\"name\":\"basic\",\"events\":[\"Report Built\"],\"weight\":40},"
                            + "{\"name\":\"advanced\",\"events\":[\"Report Scheduled\"],\"weight\":90}]}")
                    .when().put("/v1/features/reports").then().statusCode(201);
            asTenant(TENANT).contentType("application/json")
                    .body("{\"name\":\"Login\",\"events\":[{\"event\":\"Logged In\"}],\"category\":\"core\",\"activityOnly\":true}")
                    .when().put("/v1/features/login").then().statusCode(201);
            TestEvents.sendAll(HISTORY.events);
            sent = true;
        }
        for (History.Account account : HISTORY.accounts) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asTenant(TENANT)
                    .when().get("/v1/accounts/" + account.id()).then().statusCode(200)
                    .body("eventCount", equalTo((int) HISTORY.eventsOf(account.id()))));
        }
    }

    @Test
    void shouldComputeTheFiveMetricsForAnAccount() {
        JsonPath metrics = asTenant(TENANT).queryParam("asOf", AS_OF.toString())
                .when().get("/v1/accounts/ent").then().statusCode(200).extract().jsonPath();
        Expected expected = new Expected(AS_OF.minusDays(29), AS_OF, person -> person.accountId().equals("ent"));
        // The generated history is rich enough to tell the bands apart.
        assertThat(expected.sessions()).hasSizeGreaterThan(30);
        assertThat(expected.bands(20, 8)).containsEntry("daily", 1).containsEntry("inactive", 1);

        assertThat(metrics.getMap("metrics.frequency")).containsAllEntriesOf(expected.bands(20, 8));
        List<String> bands = List.of("daily", "frequent", "occasional", "inactive");
        long everyone = bands.stream().mapToLong(band -> ((Number) expected.bands(20, 8).get(band)).longValue()).sum();
        for (String band : bands) {
            long users = ((Number) expected.bands(20, 8).get(band)).longValue();
            assertThat(metrics.getDouble("metrics.frequency.shares." + band)).as(band)
                    .isEqualTo(Math.round(1000.0 * users / everyone) / 10.0);
        }
        assertThat(metrics.getLong("metrics.sessions.count")).isEqualTo(expected.sessions().size());
        assertThat(metrics.getDouble("metrics.sessions.averageDurationSeconds")).isEqualTo(expected.averageDuration());
        assertThat(metrics.getDouble("metrics.sessions.medianDurationSeconds")).isEqualTo(expected.medianDuration());
        assertThat(metrics.getList("metrics.features.key")).containsExactly("reports");
        assertThat(metrics.getLong("metrics.features[0].uses")).isEqualTo(expected.uses("Report Built"));
        assertThat(metrics.getLong("metrics.features[0].users")).isEqualTo(expected.users("Report Built"));
        assertThat(metrics.getLong("metrics.engagement.dau")).isEqualTo(expected.activeIn(AS_OF, 1));
        assertThat(metrics.getLong("metrics.engagement.wau")).isEqualTo(expected.activeIn(AS_OF, 7));
        assertThat(metrics.getLong("metrics.engagement.mau")).isEqualTo(expected.activeIn(AS_OF, 30));
        assertThat(metrics.getList("metrics.engagement.series")).hasSize(30);
        assertThat(metrics.getLong("metrics.engagement.series[10].dau")).isEqualTo(expected.activeIn(AS_OF.minusDays(19), 1));
        assertThat(metrics.getLong("metrics.utilization.activeUsers")).isEqualTo(expected.activeIn(AS_OF, 30));
        assertThat(metrics.getLong("metrics.utilization.seats")).isEqualTo(4);
        double rate = expected.activeIn(AS_OF, 30) / 4.0;
        assertThat(metrics.getString("metrics.utilization.flag"))
                .isEqualTo(rate >= 0.9 ? "near-capacity" : rate < 0.4 ? "under-used" : "healthy");
    }

    @Test
    void shouldScaleBandsToA7DayWindowAndFilterByRole() {
        JsonPath week = asTenant(TENANT).queryParam("asOf", AS_OF.toString()).queryParam("window", "7d")
                .queryParam("role", "admin").when().get("/v1/accounts/ent").then().statusCode(200).extract().jsonPath();
        Expected expected = new Expected(AS_OF.minusDays(6), AS_OF,
                person -> person.accountId().equals("ent") && person.role().equals("Administrator"));
        assertThat(week.getMap("metrics.frequency")).containsAllEntriesOf(expected.bands(5, 2));
        assertThat(week.getLong("metrics.sessions.count")).isEqualTo(expected.sessions().size());
    }

    @Test
    void shouldKeepAFormerMembersActivityInTheAccountTheyLeft() {
        String tenant = "t-mover";
        java.time.Instant day = AS_OF.atTime(10, 0).toInstant(java.time.ZoneOffset.UTC);
        TestEvents.sendAll(List.of(
                TestEvents.identify(tenant, "mover", TestEvents.traits("role", "Administrator"), day.minus(Duration.ofDays(5))),
                TestEvents.track(tenant, "old", "mover", day.minus(Duration.ofDays(3))),
                TestEvents.track(tenant, "old", "stayer", day.minus(Duration.ofDays(3))),
                TestEvents.track(tenant, "new", "mover", day.minus(Duration.ofDays(1)))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asTenant(tenant).when().get("/v1/accounts/new")
                .then().statusCode(200).body("eventCount", equalTo(1)));

        JsonPath old = asTenant(tenant).queryParam("asOf", AS_OF.toString()).when().get("/v1/accounts/old")
                .then().statusCode(200).extract().jsonPath();
        // Both were active in the old account this month, though only the stayer is still a member.
        assertThat(old.getLong("metrics.engagement.mau")).isEqualTo(2);
        assertThat(asTenant(tenant).queryParam("asOf", AS_OF.toString()).queryParam("role", "admin")
                .when().get("/v1/accounts/old").then().statusCode(200).extract().jsonPath()
                .getLong("metrics.engagement.mau")).isEqualTo(1);
        assertThat(asTenant(tenant).queryParam("asOf", AS_OF.toString()).queryParam("role", "admin")
                .when().get("/v1/accounts/new").then().statusCode(200).extract().jsonPath()
                .getLong("metrics.engagement.mau")).isEqualTo(1);
    }

    @Test
    void shouldLeaveUsersYoungerThanMinAgeDaysOutOfAdoption() {
        String tenant = "t-young";
        java.time.Instant day = AS_OF.atTime(10, 0).toInstant(java.time.ZoneOffset.UTC);
        asTenant(tenant).contentType("application/json")
                .body("{\"name\":\"Reports\",\"events\":[{\"event\":\"Report Built\"}],\"category\":\"core\"}")
                .when().put("/v1/features/reports").then().statusCode(201);
        TestEvents.sendAll(List.of(
                TestEvents.identify(tenant, "veteran", TestEvents.traits("createdAt", day.minus(Duration.ofDays(200)).toString()), day.minus(Duration.ofDays(20))),
                TestEvents.identify(tenant, "newcomer", TestEvents.traits("createdAt", day.minus(Duration.ofDays(3)).toString()), day.minus(Duration.ofDays(3))),
                TestEvents.track(tenant, "co", "veteran", "Report Built", day.minus(Duration.ofDays(2))),
                TestEvents.track(tenant, "co", "newcomer", "Page Viewed", day.minus(Duration.ofDays(1)))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asTenant(tenant).when().get("/v1/accounts/co")
                .then().statusCode(200).body("eventCount", equalTo(2)));

        asTenant(tenant).queryParam("asOf", AS_OF.toString()).when().get("/v1/features/reports/adoption")
                .then().statusCode(200).body("targetUsers", equalTo(2)).body("adopters", equalTo(1))
                .body("adoptionRate", equalTo(50.0f));
        asTenant(tenant).queryParam("asOf", AS_OF.toString()).queryParam("minAgeDays", 7)
                .when().get("/v1/features/reports/adoption")
                .then().statusCode(200).body("targetUsers", equalTo(1)).body("adopters", equalTo(1))
                .body("adoptionRate", equalTo(100.0f));
        asTenant(tenant).queryParam("minAgeDays", -1).when().get("/v1/features/reports/adoption").then().statusCode(400);
    }

    @Test
    void shouldComputeTheTenantOverviewWithFilters() {
        JsonPath all = asTenant(TENANT).queryParam("from", AS_OF.minusDays(29).toString())
                .queryParam("to", AS_OF.toString()).when().get("/v1/metrics/overview")
                .then().statusCode(200).extract().jsonPath();
        Expected everyone = new Expected(AS_OF.minusDays(29), AS_OF, person -> true);
        assertThat(all.getLong("accounts")).isEqualTo(2);
        assertThat(all.getMap("usage.frequency")).containsAllEntriesOf(everyone.bands(20, 8));
        assertThat(all.getLong("usage.engagement.mau")).isEqualTo(everyone.activeIn(AS_OF, 30));
        // Every day's WAU and MAU, which reach up to 29 days before the window.
        for (int i = 0; i < 30; i++) {
            LocalDate day = AS_OF.minusDays(29 - i);
            assertThat(List.of(all.getLong("usage.engagement.series[" + i + "].dau"),
                    all.getLong("usage.engagement.series[" + i + "].wau"),
                    all.getLong("usage.engagement.series[" + i + "].mau"))).as(day.toString())
                    .containsExactly(everyone.activeIn(day, 1), everyone.activeIn(day, 7), everyone.activeIn(day, 30));
        }
        assertThat(everyone.activeIn(AS_OF.minusDays(29), 30)).isNotEqualTo(everyone.activeIn(AS_OF.minusDays(29), 1));
        assertThat(all.getDouble("usage.sessions.perActiveUser")).isEqualTo(
                Math.round(1000.0 * everyone.sessions().size() / everyone.activeIn(AS_OF, 30)) / 1000.0);
        assertThat(all.getMap("sessionDurations").values().stream().mapToLong(v -> ((Number) v).longValue()).sum())
                .isEqualTo(everyone.sessions().size());
        // Each account counted once, under the flag its own view shows.
        Map<String, Integer> flags = new java.util.HashMap<>();
        for (History.Account account : HISTORY.accounts) {
            flags.merge(account(account.id()).getString("metrics.utilization.flag"), 1, Integer::sum);
        }
        flags.forEach((flag, accounts) -> assertThat(all.getInt("utilization.'" + flag + "'")).as(flag)
                .isEqualTo(accounts));
        assertThat(all.getMap("utilization").values().stream().mapToLong(v -> ((Number) v).longValue()).sum())
                .isEqualTo(2);

        JsonPath enterprise = asTenant(TENANT).queryParam("asOf", AS_OF.toString()).queryParam("tier", "enterprise")
                .when().get("/v1/metrics/overview").then().statusCode(200).extract().jsonPath();
        Expected ent = new Expected(AS_OF.minusDays(29), AS_OF, person -> person.accountId().equals("ent"));
        assertThat(enterprise.getLong("accounts")).isEqualTo(1);
        assertThat(enterprise.getMap("usage.frequency")).containsAllEntriesOf(ent.bands(20, 8));
        assertThat(enterprise.getLong("usage.engagement.series[0].mau")).isEqualTo(ent.activeIn(AS_OF.minusDays(29), 30));
        // A week's overview: the accounts' utilization reaches 23 days before it.
        JsonPath week = asTenant(TENANT).queryParam("asOf", AS_OF.toString()).queryParam("window", "7d")
                .when().get("/v1/metrics/overview").then().statusCode(200).extract().jsonPath();
        assertThat(week.getMap("utilization")).isEqualTo(all.getMap("utilization"));
        assertThat(week.getLong("usage.engagement.series[0].mau")).isEqualTo(everyone.activeIn(AS_OF.minusDays(6), 30));
    }

    @Test
    void shouldLeaveEveryMetricUnchangedWhenTheHistoryIsAppliedAgain() {
        String before = asTenant(TENANT).queryParam("asOf", AS_OF.toString()).when().get("/v1/metrics/overview")
                .then().statusCode(200).extract().asString();
        List<IncomingEvent> replay = Api.replay(TENANT, HISTORY.events.size());
        assertThat(replay).hasSize(HISTORY.events.size());
        int third = replay.size() / 3;
        rollups.apply(replay.subList(third, 2 * third)).await().atMost(Duration.ofSeconds(20));
        rollups.apply(replay.subList(0, 2 * third + 5)).await().atMost(Duration.ofSeconds(20));
        rollups.apply(replay).await().atMost(Duration.ofSeconds(20));
        asTenant(TENANT).queryParam("asOf", AS_OF.toString()).when().get("/v1/metrics/overview")
                .then().statusCode(200).body(equalTo(before));
    }

    @Test
    void shouldRefuseBadWindows() {
        for (Map<String, String> params : List.of(Map.of("window", "2w"), Map.of("from", "2026-06-01"),
                Map.of("from", "2026-06-10", "to", "2026-06-01"), Map.of("asOf", "yesterday"), Map.of("role", "king"))) {
            asTenant(TENANT).queryParams(params).when().get("/v1/metrics/overview")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://uptake.dev/problems/invalid-parameter"));
        }
        asTenant(TENANT).queryParam("window", "2w").when().get("/v1/accounts/ent").then().statusCode(400);
        asTenant(TENANT).when().get("/v1/accounts/nope").then().statusCode(404);
    }

    @Test
    void shouldFilterAndSortTheAccountList() {
        asTenant(TENANT).queryParam("sort", "-seats").when().get("/v1/accounts")
                .then().statusCode(200).body("items.accountId", equalTo(List.of("smb", "ent")));
        asTenant(TENANT).queryParam("industry", "fintech").when().get("/v1/accounts")
                .then().statusCode(200).body("items.accountId", equalTo(List.of("ent")));
        asTenant(TENANT).queryParam("sort", "shoeSize").when().get("/v1/accounts").then().statusCode(400);
        List<String> byEvents = HISTORY.accounts.stream().map(History.Account::id)
                .sorted(java.util.Comparator.comparingLong(HISTORY::eventsOf).reversed()).toList();
        asTenant(TENANT).queryParam("sort", "-eventCount").when().get("/v1/accounts")
                .then().statusCode(200).body("items.accountId", equalTo(byEvents));
        asTenant(TENANT).queryParam("sort", "eventCount").when().get("/v1/accounts")
                .then().statusCode(200).body("items.accountId", equalTo(List.of(byEvents.get(1), byEvents.get(0))));
        asTenant(TENANT).queryParam("sort", "name").when().get("/v1/accounts")
                .then().statusCode(200).body("items.accountId", equalTo(List.of("ent", "smb")));
        asTenant(TENANT).queryParam("tier", "smb").when().get("/v1/accounts")
                .then().statusCode(200).body("items.accountId", equalTo(List.of("smb")));
        asTenant(TENANT).queryParam("csm", "nobody").when().get("/v1/accounts")
                .then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
        asTenant(TENANT).queryParam("asOf", AS_OF.toString()).queryParam("window", "90d").when().get("/v1/accounts/ent")
                .then().statusCode(200).body("metrics.window.from", equalTo(AS_OF.minusDays(89).toString()))
                .body("metrics.window.to", equalTo(AS_OF.toString()));
    }

    @Test
    void shouldMeasureFeatureAdoptionAgainstItsTarget() {
        JsonPath adoption = asTenant(TENANT).queryParam("asOf", AS_OF.toString())
                .when().get("/v1/features/reports/adoption").then().statusCode(200).extract().jsonPath();
        Expected expected = new Expected(AS_OF.minusDays(29), AS_OF, person -> true);
        Map<String, Set<LocalDate>> active = HISTORY.activeDays(AS_OF.minusDays(29), AS_OF, person -> true);
        Map<String, Set<LocalDate>> useDays = expected.useDays("Report Built");
        double rate = Math.round(1000.0 * useDays.size() / active.size()) / 10.0;

        assertThat(adoption.getLong("targetUsers")).isEqualTo(active.size());
        assertThat(adoption.getLong("adopters")).isEqualTo(useDays.size());
        assertThat(adoption.getDouble("adoptionRate")).isEqualTo(rate);
        assertThat(adoption.getDouble("target")).isEqualTo(80.0);
        assertThat(adoption.getDouble("gap")).isEqualTo(Math.round((80.0 - rate) * 10) / 10.0);
        assertThat(adoption.getString("priority")).isEqualTo(rate >= 80 ? "maintain" : "promote");
        long daily = useDays.values().stream().filter(days -> days.size() >= 20).count();
        long weekly = useDays.values().stream().filter(days -> days.size() >= 4 && days.size() < 20).count();
        assertThat(adoption.getMap("adopterFrequency")).containsEntry("daily", (int) daily)
                .containsEntry("weekly", (int) weekly).containsEntry("monthly", (int) (useDays.size() - daily - weekly));
        long advanced = useDays.keySet().stream().filter(user -> expected.useDays("Report Scheduled").containsKey(user)).count();
        assertThat(adoption.getMap("depthDistribution")).containsEntry("advanced", (int) advanced)
                .containsEntry("basic", (int) (useDays.size() - advanced));
        assertThat(adoption.getDouble("averageDepth"))
                .isEqualTo(Math.round(10.0 * (90.0 * advanced + 40.0 * (useDays.size() - advanced)) / useDays.size()) / 10.0);
        assertThat(adoption.getList("weeklyTrend")).hasSize(5);
        // Weeks end on the window's last day and every 7 days before; the first is cut at the window's start.
        for (int week = 0; week < 5; week++) {
            LocalDate to = AS_OF.minusDays(7L * (4 - week));
            LocalDate from = week == 0 ? AS_OF.minusDays(29) : to.minusDays(6);
            String path = "weeklyTrend[" + week + "].";
            assertThat(adoption.getString(path + "from")).isEqualTo(from.toString());
            assertThat(adoption.getString(path + "to")).isEqualTo(to.toString());
            assertThat(adoption.getLong(path + "activeUsers")).as(path)
                    .isEqualTo(HISTORY.activeDays(from, to, person -> true).size());
            assertThat(adoption.getLong(path + "adopters")).as(path).isEqualTo(useDays.values().stream()
                    .filter(days -> days.stream().anyMatch(day -> !day.isBefore(from) && !day.isAfter(to))).count());
        }
        long nonAdopters = active.size() - useDays.size();
        assertThat(adoption.getMap("nonAdoptersByRole").values().stream().mapToLong(v -> ((Number) v).longValue()).sum())
                .isEqualTo(nonAdopters);
        Map<String, String> accountOf = new java.util.HashMap<>();
        Map<String, String> tierOf = Map.of("ent", "enterprise", "smb", "smb");
        HISTORY.people.forEach(person -> accountOf.put(person.id(), person.accountId()));
        Set<String> activeAccounts = new java.util.HashSet<>();
        active.keySet().forEach(user -> activeAccounts.add(accountOf.get(user)));
        Set<String> adoptingAccounts = new java.util.HashSet<>();
        useDays.keySet().forEach(user -> adoptingAccounts.add(accountOf.get(user)));
        assertThat(adoption.getDouble("accountAdoptionRate"))
                .isEqualTo(Math.round(1000.0 * adoptingAccounts.size() / activeAccounts.size()) / 10.0);
        Map<String, Integer> nonAdoptersByTier = new java.util.TreeMap<>();
        active.keySet().stream().filter(user -> !useDays.containsKey(user))
                .forEach(user -> nonAdoptersByTier.merge(tierOf.get(accountOf.get(user)), 1, Integer::sum));
        assertThat(adoption.getMap("nonAdoptersByTier")).isEqualTo(nonAdoptersByTier);

        JsonPath smb = asTenant(TENANT).queryParam("asOf", AS_OF.toString()).queryParam("tier", "smb")
                .when().get("/v1/features/reports/adoption").then().statusCode(200).extract().jsonPath();
        assertThat(smb.getLong("targetUsers")).isEqualTo(HISTORY.activeDays(AS_OF.minusDays(29), AS_OF,
                person -> person.accountId().equals("smb")).size());

        JsonPath admins = asTenant(TENANT).queryParam("asOf", AS_OF.toString()).queryParam("role", "admin")
                .when().get("/v1/features/reports/adoption").then().statusCode(200).extract().jsonPath();
        Map<String, Set<LocalDate>> adminActive = HISTORY.activeDays(AS_OF.minusDays(29), AS_OF,
                person -> Set.of("Administrator", "Owner").contains(person.role()));
        assertThat(admins.getLong("targetUsers")).isEqualTo(adminActive.size());
    }

    @Test
    void shouldReadAdoptionAndAccountsFromUserMonthsThatTheBackfillRebuildsFromUserDaysAndSessions() {
        String adoption = adoption().prettify();
        String account = account("ent").prettify();
        String overview = overview().prettify();
        List<Document> months = Api.stored(mongo, "user_months", TENANT);
        assertThat(months).isNotEmpty();
        assertThat(overview().getLong("usage.sessions.count")).isPositive();

        // Without its user months the tenant shows no active user and no session: the answers come from them.
        Api.deleteStored(mongo, "user_months", TENANT);
        assertThat(adoption().getLong("targetUsers")).isZero();
        assertThat(account("ent").getLong("metrics.sessions.count")).isZero();
        assertThat(account("ent").getLong("metrics.engagement.mau")).isZero();
        assertThat(overview().getLong("usage.sessions.count")).isZero();
        assertThat(overview().getLong("usage.engagement.mau")).isZero();

        // As a store from before user months: the backfill makes the same months from the user days and sessions.
        Api.forgetMigration(mongo, MonthBackfill.USER_MONTHS);
        assertThat(monthBackfill.users().await().atMost(WAIT)).isPositive();
        assertThat(Api.stored(mongo, "user_months", TENANT)).isEqualTo(months);
        assertThat(adoption().prettify()).isEqualTo(adoption);
        assertThat(account("ent").prettify()).isEqualTo(account);
        assertThat(overview().prettify()).isEqualTo(overview);
        assertThat(monthBackfill.users().await().atMost(WAIT)).isZero();
    }

    @Test
    void shouldAnswerAdoptionAndAccountsAlikeFromTheUserDaysUntilTheMonthsBackfillHasFinished() {
        String adoption = adoption().prettify();
        String catalog = asTenant(TENANT).when().get("/v1/features").then().statusCode(200).extract().asString();
        String enterprise = account("ent").prettify();
        String small = account("smb").prettify();
        String overview = overview().prettify();
        String enterprises = asTenant(TENANT).queryParam("asOf", AS_OF.toString()).queryParam("tier", "enterprise")
                .queryParam("window", "7d").when().get("/v1/metrics/overview").then().statusCode(200).extract().asString();
        // Made now, while the bean is still the real one; it reads the migration record when subscribed to.
        Uni<Long> rebuild = monthBackfill.users();

        // As on a replica that starts on a store from before user months: not yet backfilled anywhere.
        Api.installUnfinishedMonthBackfill();
        Api.deleteStored(mongo, "user_months", TENANT);
        try {
            assertThat(adoption().prettify()).isEqualTo(adoption);
            assertThat(asTenant(TENANT).when().get("/v1/features").then().statusCode(200).extract().asString())
                    .isEqualTo(catalog);
            assertThat(account("ent").prettify()).isEqualTo(enterprise);
            assertThat(account("smb").prettify()).isEqualTo(small);
            assertThat(overview().prettify()).isEqualTo(overview);
            assertThat(asTenant(TENANT).queryParam("asOf", AS_OF.toString()).queryParam("tier", "enterprise")
                    .queryParam("window", "7d").when().get("/v1/metrics/overview").then().statusCode(200).extract()
                    .asString()).isEqualTo(enterprises);
        } finally {
            Api.forgetMigration(mongo, MonthBackfill.USER_MONTHS);
            assertThat(rebuild.await().atMost(WAIT)).isPositive();
        }
    }

    private static JsonPath adoption() {
        return asTenant(TENANT).queryParam("asOf", AS_OF.toString()).when().get("/v1/features/reports/adoption")
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath overview() {
        return asTenant(TENANT).queryParam("asOf", AS_OF.toString()).when().get("/v1/metrics/overview")
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath account(String accountId) {
        return asTenant(TENANT).queryParam("asOf", AS_OF.toString()).when().get("/v1/accounts/" + accountId)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldShowAdoptionGapAndPriorityInTheCatalogAndBreadthOnUsers() {
        // The history is in June 2026; the catalog reports the 30 days up to today, when nobody used anything.
        asTenant(TENANT).when().get("/v1/features").then().statusCode(200)
                .body("items.key", equalTo(List.of("login", "reports")))
                .body("items[1].adoption", equalTo(0.0f)).body("items[1].gap", equalTo(80.0f))
                .body("items[1].priority", equalTo("promote"))
                // The login feature shows presence, not adoption.
                .body("items[0].activityOnly", equalTo(true)).body("items[0].priority", org.hamcrest.Matchers.nullValue())
                .body("items[0].adoption", org.hamcrest.Matchers.nullValue());
        asTenant(TENANT).when().get("/v1/features/nothing/adoption").then().statusCode(404);
        JsonPath account = asTenant(TENANT).queryParam("asOf", AS_OF.toString()).when().get("/v1/accounts/ent")
                .then().statusCode(200).extract().jsonPath();
        Expected ent = new Expected(AS_OF.minusDays(29), AS_OF, person -> person.accountId().equals("ent"));
        assertThat(account.getLong("metrics.breadth.featuresInCatalog")).isEqualTo(1);
        assertThat(account.getLong("metrics.breadth.featuresUsed")).isEqualTo(ent.uses("Report Built") > 0 ? 1 : 0);
        asTenant(TENANT).when().get("/v1/users/ent-1").then().statusCode(200)
                .body("breadth.featuresInCatalog", equalTo(1));
    }

    @Test
    void shouldShowInTheCatalogTheAdoptionThatEachFeaturesOwnAnalysisGives() {
        String tenant = "t-catalog";
        java.time.Instant now = java.time.Instant.now();
        Map<String, String> features = Map.of(
                "reports", "{\"name\":\"Reports\",\"events\":[{\"event\":\"Report Built\"}],\"category\":\"core\"}",
                "admin-tools", "{\"name\":\"Admin\",\"events\":[{\"event\":\"Admin Opened\"}],\"category\":\"core\",\"roles\":[\"admin\"]}",
                "csv-exports", "{\"name\":\"CSV\",\"events\":[{\"event\":\"Exported\",\"property\":\"format\",\"value\":\"csv\"}],\"category\":\"core\"}");
        features.forEach((key, body) -> asTenant(tenant).contentType("application/json").body(body)
                .when().put("/v1/features/" + key).then().statusCode(201));
        java.util.function.IntFunction<java.time.Instant> daysAgo = days -> now.minus(Duration.ofDays(days));
        List<dev.uptake.contracts.TrackedEvent> events = List.of(
                TestEvents.track(tenant, "co", "a", "Report Built", daysAgo.apply(3)),
                TestEvents.track(tenant, "co", "b", "Logged In", daysAgo.apply(2)),
                TestEvents.track(tenant, "co", "b", "Report Built", daysAgo.apply(40)),
                // Timestamped in the future: c's last use says nothing of the window, and c did not use it in it.
                TestEvents.track(tenant, "co", "c", "Logged In", daysAgo.apply(1)),
                TestEvents.track(tenant, "co", "c", "Report Built", daysAgo.apply(-2)),
                // d did, before a use timestamped in the future.
                TestEvents.track(tenant, "co", "d", "Report Built", daysAgo.apply(5)),
                TestEvents.track(tenant, "co", "d", "Report Built", daysAgo.apply(-2)),
                TestEvents.identify(tenant, "e", TestEvents.traits("role", "admin"), daysAgo.apply(2)),
                TestEvents.track(tenant, "co", "e", "Admin Opened", daysAgo.apply(1)),
                // Not active in the window: in nobody's target.
                TestEvents.track(tenant, "co", "f", "Report Built", daysAgo.apply(45)),
                TestEvents.track(tenant, "co", "g", "Exported", Map.of("format", "csv"), null, daysAgo.apply(4)),
                TestEvents.track(tenant, "co", "h", "Exported", Map.of("format", "pdf"), null, daysAgo.apply(3)));
        TestEvents.sendAll(events);
        await().atMost(WAIT).untilAsserted(() -> asTenant(tenant).when().get("/v1/accounts/co")
                .then().statusCode(200).body("eventCount", equalTo(events.size() - 1)));

        JsonPath catalog = asTenant(tenant).when().get("/v1/features").then().statusCode(200).extract().jsonPath();
        assertThat(catalog.getList("items.key")).containsExactly("admin-tools", "csv-exports", "reports");
        // Seven users active in the window (not f); the admin tools are meant for e alone.
        assertThat(catalog.getList("items.adoption", Float.class)).containsExactly(100.0f, 14.3f, 28.6f);
        for (int i = 0; i < 3; i++) {
            JsonPath own = asTenant(tenant).when().get("/v1/features/" + catalog.getString("items[" + i + "].key")
                    + "/adoption").then().statusCode(200).extract().jsonPath();
            assertThat(catalog.getDouble("items[" + i + "].adoption")).isEqualTo(own.getDouble("adoptionRate"));
            assertThat(catalog.getDouble("items[" + i + "].gap")).isEqualTo(own.getDouble("gap"));
            assertThat(catalog.getString("items[" + i + "].priority")).isEqualTo(own.getString("priority"));
        }
    }

    @Test
    void shouldShowTheBreadthOfTheUsersOwnUseInTheLast30Days() {
        String tenant = "t-breadth";
        java.time.Instant now = java.time.Instant.now();
        for (String key : List.of("reports", "alerts", "exports", "sharing")) {
            asTenant(tenant).contentType("application/json")
                    .body("{\"name\":\"" + key + "\",\"events\":[{\"event\":\"" + key + " used\"}],\"category\":\"core\"}")
                    .when().put("/v1/features/" + key).then().statusCode(201);
        }
        TestEvents.sendAll(List.of(
                TestEvents.track(tenant, "co", "ada", "reports used", now.minus(Duration.ofDays(3))),
                TestEvents.track(tenant, "co", "ada", "alerts used", now.minus(Duration.ofDays(20))),
                TestEvents.track(tenant, "co", "ada", "exports used", now.minus(Duration.ofDays(45))),
                TestEvents.track(tenant, "co", "bob", "sharing used", now.minus(Duration.ofDays(1)))));
        await().atMost(WAIT).untilAsserted(() -> asTenant(tenant).when().get("/v1/accounts/co")
                .then().statusCode(200).body("eventCount", equalTo(4)));

        // Ada's own features of the last 30 days: not her use of 45 days ago, nor another user's.
        asTenant(tenant).when().get("/v1/users/ada").then().statusCode(200)
                .body("breadth.featuresUsed", equalTo(2)).body("breadth.featuresInCatalog", equalTo(4))
                .body("breadth.percent", equalTo(50.0f));
        asTenant(tenant).when().get("/v1/users/bob").then().statusCode(200)
                .body("breadth.featuresUsed", equalTo(1)).body("breadth.percent", equalTo(25.0f));
    }

    @Test
    void shouldTurnTenantWideReadsAwayWhileTheInstanceRunsAsManyAsItAllows() {
        QuarkusMock.installMockForType(FullGate.ofOne(), AnalysisGate.class);
        // The catalog list takes no asOf: its adoption is always of the last 30 days.
        for (String path : List.of("/v1/metrics/overview?asOf=" + AS_OF, "/v1/features/reports/adoption?asOf=" + AS_OF,
                "/v1/features")) {
            asTenant(TENANT).when().get(path).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "2")
                    .body("type", equalTo("https://uptake.dev/problems/analysis-busy"));
        }
        // One account's view and one user's are bounded by the account and the user: never turned away.
        account("ent");
        asTenant(TENANT).when().get("/v1/users/ent-1").then().statusCode(200);
    }

    @Test
    void shouldListAUsersTenLatestSessionsAlikeFromUserMonthsAndBeforeTheirBackfill() {
        String tenant = "t-latest";
        // Three sessions in May, four in April, five in March: the ten latest reach back two months.
        List<java.time.Instant> starts = new ArrayList<>();
        int[][] monthAndSessions = {{5, 3}, {4, 4}, {3, 5}};
        for (int[] month : monthAndSessions) {
            for (int i = 0; i < month[1]; i++) {
                starts.add(LocalDate.of(2026, month[0], 2 + 3 * i).atTime(9, 30).toInstant(java.time.ZoneOffset.UTC));
            }
        }
        TestEvents.sendAll(starts.stream().map(start -> TestEvents.track(tenant, "co", "ada", "Report Built", start))
                .toList());
        await().atMost(WAIT).untilAsserted(() -> asTenant(tenant).when().get("/v1/accounts/co")
                .then().statusCode(200).body("eventCount", equalTo(starts.size())));
        List<String> latest = starts.stream().sorted(java.util.Comparator.reverseOrder()).limit(10)
                .map(java.time.Instant::toString).toList();

        String fromMonths = asTenant(tenant).when().get("/v1/users/ada").then().statusCode(200)
                .body("recentSessions.start", equalTo(latest)).body("lastSession.start", equalTo(latest.get(0)))
                .extract().jsonPath().getList("recentSessions").toString();
        Api.installUnfinishedMonthBackfill();
        assertThat(asTenant(tenant).when().get("/v1/users/ada").then().statusCode(200).extract().jsonPath()
                .getList("recentSessions").toString()).isEqualTo(fromMonths);
    }

    @Test
    void shouldReadSessionsFromTheirMonthsAndByIdWhereAMonthPredatesKeepingTheirEnds() {
        String overview = overview().prettify();
        String account = account("ent").prettify();
        List<Document> months = Api.stored(mongo, "user_months", TENANT);
        List<Document> sessions = Api.stored(mongo, "sessions", TENANT);
        assertThat(sessions).hasSizeGreaterThan(30);
        // Every session named in a month has its end and account there, as its own document has them.
        Map<String, Document> monthsById = new java.util.HashMap<>();
        months.forEach(month -> monthsById.put(month.getString("_id"), month));
        for (Document session : sessions) {
            String start = session.getString("_id").substring(session.getString("_id").lastIndexOf('|') + 1);
            String day = session.getString("day");
            Document month = monthsById.get(TENANT + "/" + session.getString("userId") + "|" + day.substring(0, 7));
            String slot = day.substring(8);
            assertThat(month.get("ss", Document.class).getList(slot, String.class)).contains(start);
            assertThat(month.get("se", Document.class).get(slot, Document.class).getDate(start.replace(".", "%2E")))
                    .isEqualTo(session.getDate("end"));
            assertThat(month.get("sa", Document.class).get(slot, Document.class).getString(start.replace(".", "%2E")))
                    .isEqualTo(session.getString("accountId")).isNotNull();
        }
        var stored = mongo.getDatabase("uptake").getCollection("sessions");
        try {
            // The overview and an account's view read no session document: the months have what they need.
            Api.deleteStored(mongo, "sessions", TENANT);
            assertThat(overview().prettify()).isEqualTo(overview);
            assertThat(account("ent").prettify()).isEqualTo(account);
        } finally {
            stored.insertMany(sessions).await().atMost(WAIT);
        }

        // As months from before they kept their sessions' ends: the same answers, from the session documents.
        var userMonths = mongo.getDatabase("uptake").getCollection("user_months");
        userMonths.updateMany(com.mongodb.client.model.Filters.eq("tenantId", TENANT),
                com.mongodb.client.model.Updates.combine(com.mongodb.client.model.Updates.unset("se"),
                        com.mongodb.client.model.Updates.unset("sa"))).await().atMost(WAIT);
        assertThat(overview().getLong("usage.sessions.count")).isPositive();
        assertThat(overview().prettify()).isEqualTo(overview);
        assertThat(account("ent").prettify()).isEqualTo(account);

        // Their backfill gives the months back as the rollups made them.
        Api.forgetMigration(mongo, MonthBackfill.SESSION_ENDS);
        assertThat(monthBackfill.sessionEnds().await().atMost(WAIT)).isGreaterThanOrEqualTo(sessions.size());
        assertThat(Api.stored(mongo, "user_months", TENANT)).isEqualTo(months);
        assertThat(monthBackfill.sessionEnds().await().atMost(WAIT)).isZero();
    }

    @Test
    void shouldKeepTheEndOfASessionThatRunsIntoTheNextMonthInTheMonthItStarted() {
        String tenant = "t-midnight";
        java.time.Instant start = java.time.Instant.parse("2026-05-31T23:50:00.250Z");
        TestEvents.sendAll(List.of(TestEvents.track(tenant, "co", "ada", "Report Built", start)));
        await().atMost(WAIT).untilAsserted(() -> asTenant(tenant).when().get("/v1/accounts/co")
                .then().statusCode(200).body("eventCount", equalTo(1)));
        // A later batch: the session goes on past midnight, into June.
        TestEvents.sendAll(List.of(TestEvents.track(tenant, "co", "ada", "Report Built", start.plusSeconds(1200)),
                TestEvents.track(tenant, "co", "ada", "Report Built", start.plusSeconds(1800))));
        await().atMost(WAIT).untilAsserted(() -> asTenant(tenant).when().get("/v1/accounts/co")
                .then().statusCode(200).body("eventCount", equalTo(3)));

        Document may = Api.stored(mongo, "user_months", tenant).stream()
                .filter(month -> "2026-05".equals(month.getString("month"))).findFirst().orElseThrow();
        String key = "2026-05-31T23:50:00%2E250Z";
        assertThat(may.get("se", Document.class).get("31", Document.class).getDate(key))
                .isEqualTo(java.util.Date.from(start.plusSeconds(1800)));
        assertThat(may.get("sa", Document.class).get("31", Document.class).getString(key)).isEqualTo("co");
        Document june = Api.stored(mongo, "user_months", tenant).stream()
                .filter(month -> "2026-06".equals(month.getString("month"))).findFirst().orElseThrow();
        assertThat(june).doesNotContainKeys("ss", "se", "sa");

        Api.deleteStored(mongo, "sessions", tenant);
        JsonPath view = asTenant(tenant).queryParam("asOf", "2026-06-01").when().get("/v1/accounts/co")
                .then().statusCode(200).extract().jsonPath();
        assertThat(view.getLong("metrics.sessions.count")).isEqualTo(1);
        assertThat(view.getDouble("metrics.sessions.averageDurationSeconds")).isEqualTo(1800.0);
    }

    /** Expected values, derived from the generated sessions of the people {@code who} select. */
    record Expected(LocalDate from, LocalDate to, Predicate<History.Person> who) {

        List<History.Session> sessions() {
            return HISTORY.sessions.stream().filter(s -> !s.day().isBefore(from) && !s.day().isAfter(to)
                    && who.test(HISTORY.person(s.userId()))).toList();
        }

        Map<String, Object> bands(int dailyMin, int frequentMin) {
            Map<String, Set<LocalDate>> active = HISTORY.activeDays(from, to, who);
            long population = HISTORY.people.stream().filter(who).count();
            long daily = active.values().stream().filter(days -> days.size() >= dailyMin).count();
            long frequent = active.values().stream().filter(days -> days.size() >= frequentMin && days.size() < dailyMin).count();
            long occasional = active.values().stream().filter(days -> days.size() < frequentMin).count();
            return Map.of("daily", (int) daily, "frequent", (int) frequent, "occasional", (int) occasional,
                    "inactive", (int) (population - active.size()), "dailyMinDays", dailyMin, "frequentMinDays", frequentMin);
        }

        double averageDuration() {
            return Math.round(1000 * sessions().stream().mapToLong(History.Session::durationSeconds).average().orElse(0))
                    / 1000.0;
        }

        double medianDuration() {
            List<Long> sorted = new ArrayList<>(sessions().stream().map(History.Session::durationSeconds).sorted().toList());
            int middle = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
        }

        long uses(String event) {
            return sessions().stream().mapToLong(s -> s.events().stream().filter(event::equals).count()).sum();
        }

        long users(String event) {
            return sessions().stream().filter(s -> s.events().contains(event)).map(History.Session::userId).distinct().count();
        }

        Map<String, Set<LocalDate>> useDays(String event) {
            Map<String, Set<LocalDate>> days = new java.util.HashMap<>();
            sessions().stream().filter(s -> s.events().contains(event))
                    .forEach(s -> days.computeIfAbsent(s.userId(), u -> new java.util.HashSet<>()).add(s.day()));
            return days;
        }

        long activeIn(LocalDate day, int span) {
            return HISTORY.activeDays(day.minusDays(span - 1), day, who).size();
        }
    }
}
