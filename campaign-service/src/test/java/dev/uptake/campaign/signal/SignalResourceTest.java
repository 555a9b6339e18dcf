package dev.uptake.campaign.signal;

import static dev.uptake.campaign.Gateway.asTenant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.uptake.campaign.TestPaging;
import dev.uptake.contracts.InternalHeaders;
import dev.uptake.contracts.Signal;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** GET /v1/signals and /v1/signals/{id}: tenancy, paging, and every error as problem+json. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SignalResourceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String PROBLEM = "application/problem+json";

    @Test
    void shouldShowAnotherTenantNothing() {
        Signal signal = TestSignals.lifecycle("t-owner", "acme");
        TestSignals.send(signal);
        await().atMost(PATIENCE).untilAsserted(() -> asTenant("t-owner")
                .when().get("/v1/signals/{id}", signal.signalId()).then().statusCode(200));

        asTenant("t-intruder")
                .when().get("/v1/signals")
                .then().statusCode(200)
                .body("items", empty())
                .body("nextCursor", nullValue());
        asTenant("t-intruder")
                .when().get("/v1/signals/{id}", signal.signalId())
                .then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404))
                .body("type", equalTo("https://uptake.dev/problems/not-found"))
                .body("detail", equalTo("No signal " + signal.signalId() + " was received."));
    }

    @Test
    void shouldPageEveryRowOnceNewestFirstInAStableOrder() {
        String tenant = "t-paging";
        List<Signal> sent = IntStream.range(0, 5).mapToObj(i -> TestSignals.lifecycle(tenant, "account-" + i)).toList();
        sent.forEach(TestSignals::send);
        await().atMost(PATIENCE).untilAsserted(() -> asTenant(tenant)
                .when().get("/v1/signals").then().statusCode(200).body("items", hasSize(5)));
        JsonPath whole = asTenant(tenant).when().get("/v1/signals").then().statusCode(200).extract().jsonPath();

        TestPaging.Walk walk = TestPaging.walk(tenant, "/v1/signals", "signalId", 2);

        assertThat(walk.pages()).isEqualTo(3);
        assertThat(walk.ids()).containsExactlyElementsOf(whole.getList("items.signalId", String.class))
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(Signal::signalId).toList());
        List<Instant> received = whole.getList("items.receivedAt", String.class).stream().map(Instant::parse).toList();
        assertThat(received).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void shouldFilterBySubjectAndKind() {
        String tenant = "t-filter";
        Signal acme = TestSignals.lifecycle(tenant, "acme");
        Signal acmeHealth = TestSignals.historical(tenant, "acme");
        Signal globex = TestSignals.lifecycle(tenant, "globex");
        List.of(acme, acmeHealth, globex).forEach(TestSignals::send);
        await().atMost(PATIENCE).untilAsserted(() -> asTenant(tenant)
                .when().get("/v1/signals").then().statusCode(200).body("items", hasSize(3)));

        asTenant(tenant).queryParam("subjectId", "acme").queryParam("kind", "lifecycle")
                .when().get("/v1/signals")
                .then().statusCode(200)
                .body("items.signalId", contains(acme.signalId()));
        asTenant(tenant).queryParam("subjectId", "globex")
                .when().get("/v1/signals")
                .then().statusCode(200)
                .body("items.signalId", contains(globex.signalId()));
    }

    @Test
    void shouldAnswerUnauthorizedWithoutTheGatewayToken() {
        given().header(InternalHeaders.TENANT, "t-any")
                .when().get("/v1/signals")
                .then().statusCode(401).contentType(PROBLEM)
                .body("status", equalTo(401))
                .body("type", equalTo("https://uptake.dev/problems/unauthorized"))
                .body("instance", equalTo("/v1/signals"));
        given().header(InternalHeaders.GATEWAY_TOKEN, "not-the-token").header(InternalHeaders.TENANT, "t-any")
                .when().get("/v1/signals/some-id")
                .then().statusCode(401).contentType(PROBLEM)
                .body("title", equalTo("Unauthorized"));
    }

    @Test
    void shouldRejectAFilterThisApiDoesNotTake() {
        // "subject" for subjectId would otherwise list every signal as if filtered.
        asTenant("t-limits").queryParam("subject", "acme")
                .when().get("/v1/signals")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://uptake.dev/problems/invalid-parameter"))
                .body("errors[0].path", equalTo("subject"))
                .body("detail", equalTo("Unknown query parameter subject; this call takes cursor, kind, limit, subjectId."));
    }

    @Test
    void shouldRejectALimitOverTheMaximum() {
        asTenant("t-limits").queryParam("limit", 201)
                .when().get("/v1/signals")
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("type", equalTo("https://uptake.dev/problems/validation"))
                .body("errors[0].path", equalTo("limit"))
                .body("errors[0].message", equalTo("must be less than or equal to 200"));
    }

    @Test
    void shouldRejectALimitBelowOne() {
        asTenant("t-limits").queryParam("limit", 0)
                .when().get("/v1/signals")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].path", equalTo("limit"))
                .body("errors[0].message", equalTo("must be greater than or equal to 1"));
    }

    @Test
    void shouldRejectACursorThisApiDidNotIssue() {
        for (String cursor : List.of("not base64!", "bm8tc2VwYXJhdG9y", "bm90LWEtdGltZXxpZA")) {
            asTenant("t-cursor").queryParam("cursor", cursor)
                    .when().get("/v1/signals")
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("status", equalTo(400))
                    .body("type", equalTo("https://uptake.dev/problems/invalid-cursor"))
                    .body("title", equalTo("Invalid cursor"));
        }
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownSignal() {
        asTenant("t-unknown")
                .when().get("/v1/signals/{id}", "0123456789abcdef")
                .then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404))
                .body("title", equalTo("Not found"))
                .body("instance", equalTo("/v1/signals/0123456789abcdef"));
    }
}
