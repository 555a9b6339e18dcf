package dev.uptake.scoring;

import static dev.uptake.scoring.Api.asTenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.uptake.contracts.TrackedEvent;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The activation funnel over a 200-day window with the default steps (login within 7 days, an action within 7 days
 * of it, back within 14, active in each of weeks 1-4, then at least 16 active days in weeks 5-8) and the default
 * cohort (signed up by day 131, 69 days before the end). One user per way of stopping, sent through the broker.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class FunnelTest extends AnalysisFixtures {

    static final String TENANT = "t-funnel";
    static final LocalDate TO = LocalDate.of(2026, 6, 30);
    static final LocalDate FROM = TO.minusDays(199);
    static final List<String> STEPS = List.of("signed-up", "logged-in", "acted", "returned", "weekly-habit", "power-user");

    /**
     * A user who signed up on day {@code signup}, with events by day; {@code reached} is the last step reached (null:
     * not in the cohort), {@code reachedFromUsed} the same when only the used level and deeper are actions.
     */
    record Person(String id, String account, String role, int signup, Map<Integer, List<String>> days, Integer reached,
            Integer reachedFromUsed) {
    }

    static final List<String> LOGIN = List.of("Logged In");
    static final List<String> LOGIN_AND_RUN = List.of("Logged In", "Forecast Run");
    static final List<String> BROWSE = List.of("Dashboard Opened");

    static final List<Person> PEOPLE = List.of(
            new Person("never", "acme", "user", 10, Map.of(), 0, 0),
            new Person("late-login", "acme", "user", 10, Map.of(17, LOGIN, 18, LOGIN_AND_RUN), 0, 0),
            new Person("login-only", "acme", "user", 10, Map.of(12, LOGIN, 40, BROWSE), 1, 1),
            new Person("viewer", "acme", "user", 10, Map.of(12, List.of("Logged In", "Forecast Viewed")), 2, 1),
            // The action on the login day, so that nothing else counts as coming back.
            new Person("no-return", "acme", "user", 20, Map.of(20, LOGIN_AND_RUN, 40, BROWSE), 2, 2),
            new Person("returned", "acme", "user", 20, Map.of(20, LOGIN_AND_RUN, 30, BROWSE), 3, 3),
            new Person("habit", "acme", "user", 30, days(30, IntStream.of(37, 44, 51, 58, 65, 70, 75, 80, 85, 90)), 4, 4),
            new Person("power", "acme", "Manager", 40, days(41, IntStream.concat(IntStream.of(48, 55, 62, 69),
                    IntStream.rangeClosed(76, 91))), 5, 5),
            new Person("too-young", "acme", "user", 140, days(140, IntStream.of(141)), null, null),
            new Person("before", "acme", "user", -5, days(0, IntStream.of(1)), null, null),
            new Person("churned", "gone", "user", 10, days(10, IntStream.of(11)), null, null));

    /** A login with an action on {@code login}, and browsing on the other days. */
    private static Map<Integer, List<String>> days(int login, IntStream others) {
        Map<Integer, List<String>> days = new java.util.HashMap<>();
        days.put(login, LOGIN_AND_RUN);
        others.forEach(day -> days.put(day, BROWSE));
        return days;
    }

    @Override
    String tenant() {
        return TENANT;
    }

    @Override
    List<TrackedEvent> history() {
        List<TrackedEvent> events = new ArrayList<>();
        events.add(TestEvents.group(TENANT, "acme", null, TestEvents.traits("name", "Acme"), at(-30)));
        events.add(TestEvents.group(TENANT, "gone", null, TestEvents.traits("name", "Gone",
                "churnedAt", FROM.plusDays(50).toString()), at(-30)));
        for (Person person : PEOPLE) {
            events.add(TestEvents.identify(TENANT, person.id(), TestEvents.traits("createdAt", at(person.signup()).toString(),
                    "role", person.role()), at(person.signup())));
            events.add(TestEvents.group(TENANT, person.account(), person.id(), Map.of(), at(person.signup()).plusSeconds(1)));
            person.days().forEach((day, names) -> {
                for (int i = 0; i < names.size(); i++) {
                    events.add(TestEvents.track(TENANT, person.account(), person.id(), names.get(i),
                            at(day).plusSeconds(3600 + 60L * i)));
                }
            });
        }
        return events;
    }

    @Test
    void shouldCountTheUsersWhoReachedEachStep() {
        JsonPath funnel = funnel(Map.of());
        assertSteps(funnel, PEOPLE.stream().map(Person::reached).toList());
        assertThat(funnel.getString("signedUpTo")).isEqualTo(TO.minusDays(68).toString());
        assertThat(funnel.getInt("minAgeDays")).isEqualTo(69);
        assertThat(funnel.getString("steps[0].conversion")).isNull();
    }

    @Test
    void shouldNotCountALookAsAnActionFromTheUsedLevelOn() {
        assertSteps(funnel(Map.of("actionFromLevel", "used")), PEOPLE.stream().map(Person::reachedFromUsed).toList());
    }

    @Test
    void shouldNarrowToARole() {
        assertSteps(funnel(Map.of("role", "manager")),
                PEOPLE.stream().map(p -> p.role().equals("Manager") ? p.reached() : null).toList());
    }

    @Test
    void shouldRefuseStepsThatCannotHappenInTheCohortsTime() {
        for (Map<String, String> params : List.of(Map.of("minAgeDays", "68"), Map.of("powerMinDays", "29"),
                Map.of("habitWeeks", "0"), Map.of("loginWithinDays", "0"), Map.of("minAgeDays", "201"))) {
            asTenant(TENANT).queryParam("from", FROM.toString()).queryParam("to", TO.toString()).queryParams(params)
                    .when().get("/v1/funnels/activation").then().statusCode(400).contentType("application/problem+json");
        }
    }

    private static JsonPath funnel(Map<String, String> params) {
        return asTenant(TENANT).queryParam("from", FROM.toString()).queryParam("to", TO.toString()).queryParams(params)
                .when().get("/v1/funnels/activation").then().statusCode(200).extract().jsonPath();
    }

    private static void assertSteps(JsonPath funnel, List<Integer> reached) {
        assertThat(funnel.getList("steps.step")).containsExactlyElementsOf(STEPS);
        List<Long> expected = new ArrayList<>();
        for (int step = 0; step < STEPS.size(); step++) {
            int current = step;
            expected.add(reached.stream().filter(r -> r != null && r >= current).count());
        }
        assertThat(expected.get(0)).isPositive();
        assertThat(funnel.getList("steps.users", Long.class)).containsExactlyElementsOf(expected);
        for (int step = 1; step < STEPS.size(); step++) {
            double conversion = expected.get(step - 1) == 0 ? 0 : Math.round(1000.0 * expected.get(step) / expected.get(step - 1)) / 10.0;
            assertThat(funnel.getDouble("steps[" + step + "].conversion")).isEqualTo(conversion);
        }
    }

    private static Instant at(int day) {
        return AnalysisFixtures.at(FROM, day);
    }
}
