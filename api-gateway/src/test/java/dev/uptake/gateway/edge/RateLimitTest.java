package dev.uptake.gateway.edge;

import static dev.uptake.gateway.TestTenants.asOperator;
import static dev.uptake.gateway.TestTenants.withKey;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.uptake.gateway.EchoUpstreams;
import dev.uptake.gateway.KeyKind;
import dev.uptake.gateway.MutableClock;
import dev.uptake.gateway.TestTenants;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Token buckets per key and traffic class, with the tenant's own limits; time moves only when the test says. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(EchoUpstreams.class)
class RateLimitTest {

    @Inject
    MutableClock clock;

    @Test
    void shouldAnswer429WithHeadersBeyondTheBurstAndRecoverOnceTokensRefill() {
        String tenant = tenantWithLimits("{\"trackingPerSecond\":1,\"trackingBurst\":2}");
        String key = TestTenants.issue(tenant, KeyKind.WRITE);

        withKey(key).body("{}").when().post("/v1/track")
                .then().statusCode(200)
                .header("RateLimit-Limit", "2").header("RateLimit-Remaining", "1");
        withKey(key).body("{}").when().post("/v1/track")
                .then().statusCode(200)
                .header("RateLimit-Remaining", "0").header("RateLimit-Reset", "2");
        withKey(key).body("{}").when().post("/v1/track")
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", "1")
                .header("X-RateLimit-Reset", "1")
                .header("RateLimit-Limit", "2")
                .header("RateLimit-Remaining", "0")
                .header("RateLimit-Reset", "2")
                .body("type", equalTo("https://uptake.dev/problems/rate-limited"))
                .body("status", equalTo(429));

        clock.advance(Duration.ofSeconds(1));

        withKey(key).body("{}").when().post("/v1/track")
                .then().statusCode(200).body("upstream", equalTo("ingestion"));
    }

    @Test
    void shouldKeepEveryKeyAndTrafficClassInItsOwnBucket() {
        String tenant = tenantWithLimits("{\"trackingPerSecond\":1,\"trackingBurst\":1,\"otherPerSecond\":1,"
                + "\"otherBurst\":1}");
        String first = TestTenants.issue(tenant, KeyKind.ADMIN);
        String second = TestTenants.issue(tenant, KeyKind.ADMIN);
        TestTenants.Tenant noisyNeighbour = TestTenants.create();

        withKey(first).body("{}").when().post("/v1/track").then().statusCode(200);
        withKey(first).body("{}").when().post("/v1/track").then().statusCode(429);

        withKey(first).when().get("/v1/accounts").then().statusCode(200);
        withKey(second).body("{}").when().post("/v1/track").then().statusCode(200);
        withKey(noisyNeighbour.writeKey()).body("{}").when().post("/v1/track")
                .then().statusCode(200).header("RateLimit-Limit", "2000");
    }

    @Test
    void shouldApplyNewTenantLimitsAtOnce() {
        String tenant = tenantWithLimits("{\"otherPerSecond\":1,\"otherBurst\":1}");
        String key = TestTenants.issue(tenant, KeyKind.READ);
        withKey(key).when().get("/v1/accounts").then().statusCode(200);
        withKey(key).when().get("/v1/accounts").then().statusCode(429);

        asOperator().body("{\"otherPerSecond\":100,\"otherBurst\":50}")
                .when().put("/admin/tenants/{id}/settings", tenant).then().statusCode(200);

        clock.advance(Duration.ofSeconds(1));
        withKey(key).when().get("/v1/accounts").then().statusCode(200).header("RateLimit-Limit", "50");
    }

    private static String tenantWithLimits(String settings) {
        String id = TestTenants.uniqueId();
        asOperator().body("{\"id\":\"" + id + "\",\"name\":\"Limited\",\"settings\":" + settings + "}")
                .when().post("/admin/tenants").then().statusCode(201);
        return id;
    }
}
