package dev.uptake.gateway;

import static io.restassured.RestAssured.given;

import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Tenants and keys created through the operator API, as the launcher does. */
public final class TestTenants {

    public static final String OPERATOR_TOKEN = "test-operator-token-not-a-secret";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** A tenant with one key of each kind. */
    public record Tenant(String id, String writeKey, String readKey, String adminKey) {

        public String key(KeyKind kind) {
            return switch (kind) {
                case WRITE -> writeKey;
                case READ -> readKey;
                case ADMIN -> adminKey;
            };
        }
    }

    private TestTenants() {
    }

    public static Tenant create() {
        String id = uniqueId();
        asOperator().body("{\"id\":\"" + id + "\",\"name\":\"Test " + id + "\"}")
                .when().post("/admin/tenants").then().statusCode(201);
        return new Tenant(id, issue(id, KeyKind.WRITE), issue(id, KeyKind.READ), issue(id, KeyKind.ADMIN));
    }

    public static String uniqueId() {
        return "t" + System.nanoTime() % 1_000_000_000L + "-" + SEQUENCE.incrementAndGet();
    }

    public static String issue(String tenantId, KeyKind kind) {
        return asOperator().body("{\"kind\":\"" + kind.wireName() + "\"}")
                .when().post("/admin/tenants/{id}/keys", tenantId)
                .then().statusCode(201).extract().path("key");
    }

    public static String keyId(String tenantId, String key) {
        String prefix = ApiKeyFormat.parse(key).orElseThrow().prefix();
        return asOperator().when().get("/admin/tenants/{id}/keys?limit=200", tenantId)
                .then().statusCode(200).extract().path("items.find { it.prefix == '" + prefix + "' }.id");
    }

    public static void revoke(String tenantId, String key) {
        asOperator().when().delete("/admin/tenants/{id}/keys/{keyId}", tenantId, keyId(tenantId, key))
                .then().statusCode(204);
    }

    public static RequestSpecification asOperator() {
        return given().header("Authorization", "Bearer " + OPERATOR_TOKEN).contentType(ContentType.JSON);
    }

    public static RequestSpecification withKey(String key) {
        return given().header("Authorization", "Bearer " + key);
    }
}
