package dev.uptake.gateway.edge;

import static dev.uptake.gateway.TestTenants.withKey;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.uptake.gateway.ApiKeyFormat;
import dev.uptake.gateway.EchoUpstreams;
import dev.uptake.gateway.TestTenants;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With the key cache on, as in production: a key revoked by another replica (straight in the database, so this
 * replica is not told) keeps working from the cache, and stops once the cached entry expires.
 */
@QuarkusTest
@TestProfile(KeyCacheTest.ShortCache.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(EchoUpstreams.class)
class KeyCacheTest {

    public static class ShortCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("uptake.gateway.keys.cache-ttl", "PT2S");
        }
    }

    @Test
    void shouldStopAKeyRevokedElsewhereOnceItsCacheEntryExpires() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        withKey(tenant.writeKey()).body("{}").when().post("/v1/track").then().statusCode(200);

        revokeInTheDatabase(tenant.writeKey());

        // Served from the cache: this replica has not heard of the revocation.
        withKey(tenant.writeKey()).body("{}").when().post("/v1/track").then().statusCode(200);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                withKey(tenant.writeKey()).body("{}").when().post("/v1/track").then().statusCode(401));
        withKey(tenant.readKey()).when().get("/v1/accounts").then().statusCode(200);
    }

    private static void revokeInTheDatabase(String key) throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
                PreparedStatement revoke = connection.prepareStatement(
                        "update api_keys set revoked_at = now() where prefix = ?")) {
            revoke.setString(1, ApiKeyFormat.parse(key).orElseThrow().prefix());
            if (revoke.executeUpdate() != 1) {
                throw new IllegalStateException("no key with that prefix");
            }
        }
    }
}
