package dev.uptake.gateway.edge;

import static dev.uptake.gateway.TestTenants.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.uptake.gateway.EchoUpstreams;
import dev.uptake.gateway.TestTenants;
import dev.uptake.gateway.Upstream;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** An upstream that is down answers 503, one that is silent 504, and a failing one trips its circuit breaker. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(EchoUpstreams.class)
class UpstreamFailureTest {

    private static final String PROBLEM = "application/problem+json";
    private static TestTenants.Tenant shared;
    private TestTenants.Tenant tenant;

    @Inject
    UpstreamProxy proxy;
    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @BeforeEach
    void createTenantOnce() {
        if (shared == null) {
            shared = TestTenants.create();
        }
        tenant = shared;
    }

    @AfterEach
    void restoreUpstreams() {
        EchoUpstreams.startServer(Upstream.CAMPAIGN);
        proxy.resetBreakers();
    }

    @Test
    void shouldAnswer503WhenTheUpstreamRefusesConnections() {
        EchoUpstreams.stopServer(Upstream.CAMPAIGN);

        withKey(tenant.readKey()).when().get("/v1/campaigns")
                .then().statusCode(503).contentType(PROBLEM)
                .header("Retry-After", "5")
                .body("type", equalTo("https://uptake.dev/problems/upstream-unavailable"))
                .body("detail", equalTo("The campaign service cannot be reached. Retry later."))
                .body("instance", equalTo("/v1/campaigns"));
    }

    @Test
    void shouldAnswer504WhenTheUpstreamStaysSilent() {
        withKey(tenant.readKey()).when().get("/v1/funnels/slow")
                .then().statusCode(504).contentType(PROBLEM)
                .body("type", equalTo("https://uptake.dev/problems/upstream-timeout"))
                .body("title", equalTo("Gateway timeout"));
    }

    @Test
    void shouldFailFastWhileTheBreakerIsOpenAndRecoverAfterwards() {
        EchoUpstreams.stopServer(Upstream.CAMPAIGN);
        // %test opens the breaker after 4 failures out of 4.
        for (int i = 0; i < 4; i++) {
            withKey(tenant.readKey()).when().get("/v1/campaigns").then().statusCode(503);
        }
        EchoUpstreams.startServer(Upstream.CAMPAIGN);
        withKey(tenant.readKey()).when().get("/v1/campaigns")
                .then().statusCode(503).contentType(PROBLEM)
                .body("detail", equalTo("The campaign service is failing; requests are refused for a few seconds. "
                        + "Retry later."));

        assertThat(breakerGauge("campaign")).isEqualTo(1.0);
        // Other upstreams are not affected.
        withKey(tenant.readKey()).when().get("/v1/accounts").then().statusCode(200);
        // The breaker half-opens after its delay and closes on success.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> withKey(tenant.readKey())
                .when().get("/v1/campaigns").then().statusCode(200).body("upstream", equalTo("campaign")));
        assertThat(breakerGauge("campaign")).isEqualTo(0.0);
    }

    @Test
    void shouldAnswerAnHttp2CallWhoseUpstreamClosesTheConnectionMidRequest() throws Exception {
        // The JDK client upgrades to HTTP/2 (h2c) on its first call; the second goes as a stream of that connection.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI batch = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/batch");
        String body = "{\"batch\":[{\"type\":\"track\",\"event\":\"Opened\",\"userId\":\"u1\"}]}";
        HttpResponse<String> first = client.send(post(batch, body).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);

        HttpResponse<String> cut = client.send(post(batch, body).header("X-Echo-Close", "true").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(cut.statusCode()).isEqualTo(503);
        assertThat(cut.headers().firstValue("Content-Type")).hasValue(PROBLEM);
        assertThat(cut.body()).contains("https://uptake.dev/problems/upstream-unavailable");
    }

    private HttpRequest.Builder post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(8))
                .header("Authorization", "Bearer " + tenant.writeKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private double breakerGauge(String upstream) {
        return registry.get("uptake.gateway.upstream.breaker").tag("upstream", upstream).gauge().value();
    }
}
