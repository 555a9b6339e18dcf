package dev.uptake.scoring;

import static dev.uptake.scoring.Api.asTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;


import dev.uptake.contracts.TrackedEvent;
import dev.uptake.scoring.service.MonthBackfill;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;

/**
 * Renewal rate by the feature uses an account had in the 30 days before each renewal, over a 200-day window. Uses and
 * renewals are listed here and sent through the broker; the expected bands are counted from the same lists.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class RenewalTest extends AnalysisFixtures {

    static final String TENANT = "t-renewals";
    static final LocalDate TO = LocalDate.of(2026, 6, 30);
    static final LocalDate FROM = TO.minusDays(199);
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Map<String, String> TIERS = Map.of("a0", "smb", "a1", "enterprise", "a2", "smb", "a3", "smb", "a4", "smb");

    /** {@code count} events named {@code event} by the account on day {@code day} (an offset from FROM). */
    record Use(String account, int day, String event, int count) {
    }

    /** A renewal as the account reports it; outcome as sent (Lost is a churn). */
    record Renewal(String account, int day, String outcome) {

        boolean renewed() {
            return !List.of("churned", "Lost").contains(outcome);
        }
    }

    static final List<Use> USES = List.of(
            new Use("a1", 80, "Forecast Run", 3), new Use("a1", 90, "Forecast Viewed", 3),
            new Use("a1", 150, "Forecast Run", 1), new Use("a1", 170, "Forecast Run", 7),
            new Use("a2", 40, "Forecast Run", 8), new Use("a2", 59, "Forecast Shared", 8),
            // On the renewal day itself: after the fact, not before it.
            new Use("a2", 60, "Forecast Run", 3),
            // Logins, counted by the login threshold and never as uses.
            new Use("a0", 80, "Logged In", 2), new Use("a1", 75, "Logged In", 12), new Use("a1", 95, "Logged In", 8),
            new Use("a1", 100, "Logged In", 30), new Use("a1", 170, "Logged In", 16), new Use("a2", 40, "Logged In", 4),
            new Use("a3", 110, "Logged In", 24), new Use("a4", 110, "Logged In", 12));

    /** Members and the day each signed up (identify createdAt); a4-m3 joins too late to count for a4's renewals. */
    static final Map<String, Integer> MEMBERS = Map.of("a0-m1", -60, "a0-m2", -60, "a1-m1", -60, "a1-m2", -60,
            "a2-m1", -60, "a2-m2", -60, "a3-m1", -60, "a3-m2", -60, "a4-m1", -60, "a4-m2", -60);
    static final Map<String, Integer> LATE_MEMBERS = Map.of("a4-m3", 120);

    static final List<Renewal> RENEWALS = List.of(new Renewal("a0", 100, "churned"),
            new Renewal("a1", 100, "renewed"), new Renewal("a1", 190, "expanded"), new Renewal("a2", 60, "Lost"),
            // Before the window: not counted.
            new Renewal("a3", -10, "renewed"), new Renewal("a3", 120, "renewed"),
            // Two in one backfill.
            new Renewal("a4", 30, "renewed"), new Renewal("a4", 130, "renewed"));

    @Inject
    MonthBackfill monthBackfill;

    @Override
    String tenant() {
        return TENANT;
    }

    @Override
    List<TrackedEvent> history() {
        List<TrackedEvent> events = new ArrayList<>();
        TIERS.forEach((account, tier) -> events.add(TestEvents.group(TENANT, account, null,
                TestEvents.traits("name", account, "tier", tier), at(-30))));
        Map<String, Integer> everyone = new java.util.HashMap<>(MEMBERS);
        everyone.putAll(LATE_MEMBERS);
        everyone.forEach((user, day) -> {
            events.add(TestEvents.identify(TENANT, user, TestEvents.traits("createdAt", at(day).toString()), at(day)));
            events.add(TestEvents.group(TENANT, user.substring(0, 2), user, Map.of(), at(day).plusSeconds(1)));
        });
        // a3's renewal on day 120 is first reported as a churn, then corrected.
        events.add(TestEvents.group(TENANT, "a3", null, TestEvents.traits("renewalOutcome", "churned",
                "lastRenewalDate", FROM.plusDays(120).toString()), at(120)));
        for (Use use : USES) {
            for (int i = 0; i < use.count(); i++) {
                events.add(TestEvents.track(TENANT, use.account(), use.account() + "-m1", use.event(),
                        at(use.day()).plusSeconds(60L * i)));
            }
        }
        for (Renewal renewal : RENEWALS) {
            events.add(TestEvents.group(TENANT, renewal.account(), null, TestEvents.traits("renewalOutcome",
                    renewal.outcome(), "lastRenewalDate", FROM.plusDays(renewal.day()).toString()), at(renewal.day()).plusSeconds(7200)));
        }
        return events;
    }

    @Test
    void shouldPutEachRenewalInTheBandOfItsAccountsUsesBeforeIt() {
        JsonPath renewals = renewals(Map.of());
        assertBands(renewals, List.of("Forecast Viewed", "Forecast Run", "Forecast Shared"), account -> true);
        assertThat(renewals.getString("minLevel")).isNull();
        assertThat(renewals.getInt("usageDays")).isEqualTo(30);
    }

    @Test
    void shouldCountOnlyUsesFromTheMinimumLevel() {
        JsonPath renewals = renewals(Map.of("minLevel", "used"));
        assertBands(renewals, List.of("Forecast Run", "Forecast Shared"), account -> true);
    }

    @Test
    void shouldNarrowToATier() {
        JsonPath enterprise = renewals(Map.of("tier", "enterprise"));
        assertBands(enterprise, List.of("Forecast Viewed", "Forecast Run", "Forecast Shared"),
                account -> TIERS.get(account).equals("enterprise"));
        // An empty band has no rate to show, rather than a null one.
        assertThat(enterprise.getMap("bands[0]")).containsEntry("renewals", 0).doesNotContainKeys("rate", "interval95");
    }

    @Test
    void shouldListAnAccountsRenewalsOnceEachWithTheLatestOutcome() {
        JsonPath account = asTenant(TENANT).when().get("/v1/accounts/a3").then().statusCode(200).extract().jsonPath();
        assertThat(account.getList("renewals.date")).containsExactly(FROM.minusDays(10).toString(), FROM.plusDays(120).toString());
        assertThat(account.getList("renewals.outcome")).containsExactly("renewed", "renewed");
        assertThat(asTenant(TENANT).when().get("/v1/accounts/a2").then().extract().jsonPath().getList("renewals.outcome"))
                .containsExactly("churned");
    }

    @Test
    void shouldRefuseBandsThatLeaveUsesOutAndUnknownLevels() {
        for (Map<String, String> params : List.of(Map.of("bands", "2-5,6+"), Map.of("bands", "1-5,6-10"),
                Map.of("bands", "1-5,7+"), Map.of("bands", "lots"), Map.of("bands", "1+,5+"), Map.of("minLevel", "expert"),
                Map.of("usageDays", "0"))) {
            asTenant(TENANT).queryParam("from", FROM.toString()).queryParam("to", TO.toString()).queryParams(params)
                    .when().get("/v1/features/forecasting/renewals")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        asTenant(TENANT).when().get("/v1/features/nothing/renewals").then().statusCode(404);
    }

    @Test
    void shouldCalibrateTheLoginThresholdThatBestSeparatesRenewalsFromChurns() {
        // Logins per member per week in the 28 days before each renewal in the window, members joined before them.
        List<double[]> measured = new ArrayList<>();
        for (Renewal renewal : RENEWALS) {
            if (renewal.day() < 0) {
                continue;
            }
            long logins = USES.stream().filter(use -> use.account().equals(renewal.account()) && use.event().equals("Logged In")
                    && use.day() >= renewal.day() - 28 && use.day() < renewal.day()).mapToLong(Use::count).sum();
            long members = MEMBERS.keySet().stream().filter(user -> user.startsWith(renewal.account())).count();
            measured.add(new double[] {logins / 4.0 / members, renewal.renewed() ? 1 : 0});
        }
        long bestSeparated = 0;
        for (double[] candidate : measured) {
            for (double threshold : new double[] {candidate[0], candidate[0] + 0.001}) {
                bestSeparated = Math.max(bestSeparated, separated(measured, threshold));
            }
        }

        JsonPath calibrated = asTenant(TENANT).queryParam("from", FROM.toString()).queryParam("to", TO.toString())
                .queryParam("threshold", 2.0).when().get("/v1/analysis/login-threshold")
                .then().statusCode(200).extract().jsonPath();
        assertThat(calibrated.getLong("renewals")).isEqualTo(measured.size());
        assertThat(calibrated.getLong("unmeasured")).isZero();
        assertThat(calibrated.getLong("separated")).isEqualTo(bestSeparated);
        assertThat(separated(measured, calibrated.getDouble("threshold"))).isEqualTo(bestSeparated);
        assertThat(calibrated.getLong("evaluated.separated")).isEqualTo(separated(measured, 2.0));
        long renewedAbove = measured.stream().filter(m -> m[1] == 1 && m[0] >= calibrated.getDouble("threshold")).count();
        assertThat(calibrated.getLong("atOrAbove.renewed")).isEqualTo(renewedAbove);
        assertThat(calibrated.getLong("below.renewals") + calibrated.getLong("atOrAbove.renewals")).isEqualTo(measured.size());

        asTenant(TENANT).queryParam("windowDays", 3).when().get("/v1/analysis/login-threshold").then().statusCode(400);
        asTenant(TENANT).queryParam("threshold", -1).when().get("/v1/analysis/login-threshold").then().statusCode(400);
    }

    @Test
    void shouldReadTheDaysBeforeRenewalsFromAccountMonthsThatTheBackfillRebuildsFromAccountDays() {
        String bands = renewals(Map.of()).prettify();
        String calibrated = loginThreshold().prettify();
        List<Document> months = Api.stored(mongo, "account_months", TENANT);
        assertThat(months).isNotEmpty();

        // Without its months the tenant shows no use before any renewal: the answers come from them.
        Api.deleteStored(mongo, "account_months", TENANT);
        JsonPath unused = renewals(Map.of());
        assertThat(unused.getLong("bands[0].renewals")).isEqualTo(unused.getLong("renewals")).isPositive();
        assertThat(loginThreshold().prettify()).isNotEqualTo(calibrated);

        // As a store from before account months: the backfill makes the same months from the account days.
        Api.forgetMigration(mongo, MonthBackfill.ACCOUNT_MONTHS);
        assertThat(monthBackfill.accounts().await().atMost(WAIT)).isPositive();
        assertThat(Api.stored(mongo, "account_months", TENANT)).isEqualTo(months);
        assertThat(renewals(Map.of()).prettify()).isEqualTo(bands);
        assertThat(loginThreshold().prettify()).isEqualTo(calibrated);
        assertThat(monthBackfill.accounts().await().atMost(WAIT)).isZero();
    }

    @Test
    void shouldAnswerAlikeFromTheAccountDaysUntilTheMonthsBackfillHasFinished() {
        String bands = renewals(Map.of()).prettify();
        String calibrated = loginThreshold().prettify();
        // Made now, while the bean is still the real one; it reads the migration record when subscribed to.
        Uni<Long> rebuild = monthBackfill.accounts();

        // As on a replica that starts on a store from before account months: not yet backfilled anywhere.
        Api.installUnfinishedMonthBackfill();
        Api.deleteStored(mongo, "account_months", TENANT);
        try {
            assertThat(renewals(Map.of()).prettify()).isEqualTo(bands);
            assertThat(loginThreshold().prettify()).isEqualTo(calibrated);
        } finally {
            Api.forgetMigration(mongo, MonthBackfill.ACCOUNT_MONTHS);
            assertThat(rebuild.await().atMost(WAIT)).isPositive();
        }
    }

    private static JsonPath loginThreshold() {
        return asTenant(TENANT).queryParam("from", FROM.toString()).queryParam("to", TO.toString())
                .when().get("/v1/analysis/login-threshold").then().statusCode(200).extract().jsonPath();
    }

    private static long separated(List<double[]> measured, double threshold) {
        return measured.stream().filter(m -> (m[1] == 1) == (m[0] >= threshold)).count();
    }

    private static JsonPath renewals(Map<String, String> params) {
        return asTenant(TENANT).queryParam("from", FROM.toString()).queryParam("to", TO.toString()).queryParams(params)
                .when().get("/v1/features/forecasting/renewals").then().statusCode(200).extract().jsonPath();
    }

    private static void assertBands(JsonPath renewals, List<String> counted, java.util.function.Predicate<String> accounts) {
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (String band : List.of("0", "1-5", "6-10", "11-15", "16+")) {
            expected.put(band, new long[2]);
        }
        for (Renewal renewal : RENEWALS) {
            if (renewal.day() < 0 || !accounts.test(renewal.account())) {
                continue;
            }
            long uses = USES.stream().filter(use -> use.account().equals(renewal.account()) && counted.contains(use.event())
                    && use.day() >= renewal.day() - 30 && use.day() < renewal.day()).mapToLong(Use::count).sum();
            String band = uses == 0 ? "0" : uses <= 5 ? "1-5" : uses <= 10 ? "6-10" : uses <= 15 ? "11-15" : "16+";
            expected.get(band)[0]++;
            expected.get(band)[1] += renewal.renewed() ? 1 : 0;
        }
        assertThat(renewals.getList("bands.band")).containsExactlyElementsOf(expected.keySet());
        for (int i = 0; i < expected.size(); i++) {
            long[] counts = new ArrayList<>(expected.values()).get(i);
            assertThat(new long[] {renewals.getLong("bands[" + i + "].renewals"), renewals.getLong("bands[" + i + "].renewed")})
                    .as("band %s", renewals.getString("bands[" + i + "].band")).containsExactly(counts);
        }
        long total = expected.values().stream().mapToLong(counts -> counts[0]).sum();
        assertThat(total).isPositive();
        assertThat(renewals.getLong("renewals")).isEqualTo(total);
        assertThat(renewals.getLong("renewed")).isEqualTo(expected.values().stream().mapToLong(counts -> counts[1]).sum());
    }

    private static Instant at(int day) {
        return AnalysisFixtures.at(FROM, day);
    }
}
