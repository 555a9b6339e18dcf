package dev.uptake.gateway.rest;

import static dev.uptake.gateway.TestTenants.asOperator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.uptake.gateway.EchoUpstreams;
import dev.uptake.gateway.TestTenants;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The operator API: tenants and their keys, behind the operator token. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(EchoUpstreams.class)
class OperatorApiTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void shouldCreateTenantWithLocationWhenTheOperatorTokenIsValid() {
        String id = TestTenants.uniqueId();
        asOperator().body("{\"id\":\"" + id + "\",\"name\":\"Acme Corp\",\"settings\":{\"trackingPerSecond\":5}}")
                .when().post("/admin/tenants")
                .then().statusCode(201)
                .header("Location", endsWith("/admin/tenants/" + id))
                .body("id", equalTo(id))
                .body("name", equalTo("Acme Corp"))
                .body("createdAt", notNullValue())
                .body("settings.trackingPerSecond", equalTo(5));

        asOperator().when().get("/admin/tenants/{id}", id)
                .then().statusCode(200).body("name", equalTo("Acme Corp"));
    }

    @Test
    void shouldGenerateAnIdWhenNoneIsGiven() {
        asOperator().body("{\"name\":\"No Id Inc\"}")
                .when().post("/admin/tenants")
                .then().statusCode(201)
                .body("id", matchesPattern("t-[0-9a-z]{12}"));
    }

    @Test
    void shouldConflictWhenTheIdIsTaken() {
        String id = TestTenants.uniqueId();
        asOperator().body("{\"id\":\"" + id + "\",\"name\":\"First\"}").when().post("/admin/tenants")
                .then().statusCode(201);
        asOperator().body("{\"id\":\"" + id + "\",\"name\":\"Second\"}").when().post("/admin/tenants")
                .then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://uptake.dev/problems/conflict"))
                .body("detail", equalTo("A tenant with id " + id + " already exists."));
    }

    @Test
    void shouldRefuseEveryCallWithoutTheOperatorToken() {
        given().contentType(ContentType.JSON).body("{\"name\":\"x\"}")
                .when().post("/admin/tenants")
                .then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://uptake.dev/problems/unauthorized"))
                .body("status", equalTo(401));
        given().header("Authorization", "Bearer not-the-token")
                .when().get("/admin/tenants")
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void shouldNotAcceptAnApiKeyAsOperatorToken() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().header("Authorization", "Bearer " + tenant.adminKey())
                .when().get("/admin/tenants")
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void shouldRejectAnInvalidTenantWithEveryInvalidField() {
        asOperator().body("{\"id\":\"Bad Id!\",\"name\":\" \",\"settings\":{\"trackingBurst\":0,"
                + "\"corsOrigins\":[\"javascript:alert(1)\"]}}")
                .when().post("/admin/tenants")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://uptake.dev/problems/validation"))
                .body("errors.path", hasItem("id"))
                .body("errors.path", hasItem("name"))
                .body("errors.path", hasItem("settings.trackingBurst"))
                .body("errors.find { it.path == 'name' }.message", equalTo("must not be blank"));
    }

    @Test
    void shouldRejectAnEmptyOrMalformedBody() {
        asOperator().when().post("/admin/tenants")
                .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400));
        asOperator().body("{\"name\": ").when().post("/admin/tenants")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://uptake.dev/problems/malformed-json"));
    }

    @Test
    void shouldAnswer404ForAnUnknownTenant() {
        asOperator().when().get("/admin/tenants/no-such-tenant")
                .then().statusCode(404).contentType(PROBLEM)
                .body("detail", equalTo("No tenant no-such-tenant."));
        asOperator().body("{\"kind\":\"write\"}").when().post("/admin/tenants/no-such-tenant/keys")
                .then().statusCode(404).contentType(PROBLEM);
        asOperator().when().delete("/admin/tenants/no-such-tenant/keys/0b8e4c4e-2f0e-4a57-9f5e-0c4a0c8f3f10")
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void shouldShowTheKeyOnceAndThenOnlyItsPrefix() {
        String id = TestTenants.create().id();
        String location = asOperator().body("{\"kind\":\"read\"}")
                .when().post("/admin/tenants/{id}/keys", id)
                .then().statusCode(201)
                .body("key", matchesPattern("upk_r_[0-9a-z]{12}_[0-9a-z]{32}"))
                .body("kind", equalTo("read"))
                .body("tenantId", equalTo(id))
                .extract().header("Location");
        assertThat(location).contains("/admin/tenants/" + id + "/keys/");

        asOperator().when().get(location)
                .then().statusCode(200)
                .body("$", not(hasKey("key")))
                .body("kind", equalTo("read"))
                .body("revokedAt", nullValue());
    }

    @Test
    void shouldRejectAnUnknownKeyKind() {
        String id = TestTenants.create().id();
        asOperator().body("{\"kind\":\"superuser\"}").when().post("/admin/tenants/{id}/keys", id)
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].path", equalTo("kind"))
                .body("errors[0].message", equalTo("must be write, read or admin"));
    }

    @Test
    void shouldRevokeAKeyIdempotently() {
        TestTenants.Tenant tenant = TestTenants.create();
        String keyId = TestTenants.keyId(tenant.id(), tenant.writeKey());
        asOperator().when().delete("/admin/tenants/{id}/keys/{keyId}", tenant.id(), keyId)
                .then().statusCode(204);
        asOperator().when().delete("/admin/tenants/{id}/keys/{keyId}", tenant.id(), keyId)
                .then().statusCode(204);
        asOperator().when().get("/admin/tenants/{id}/keys/{keyId}", tenant.id(), keyId)
                .then().statusCode(200).body("revokedAt", notNullValue());
    }

    @Test
    void shouldPageTenantsInIdOrder() {
        TestTenants.create();
        TestTenants.create();
        List<String> firstPage = asOperator().when().get("/admin/tenants?limit=1")
                .then().statusCode(200).body("nextCursor", notNullValue()).extract().path("items.id");
        String cursor = asOperator().when().get("/admin/tenants?limit=1").then().extract().path("nextCursor");
        List<String> secondPage = asOperator().when().get("/admin/tenants?limit=1&cursor={c}", cursor)
                .then().statusCode(200).extract().path("items.id");
        assertThat(firstPage).hasSize(1);
        assertThat(secondPage).hasSize(1);
        assertThat(secondPage.get(0)).isGreaterThan(firstPage.get(0));
        asOperator().when().get("/admin/tenants?limit=1000")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldReplaceTheSettingsOfATenant() {
        String id = TestTenants.create().id();
        asOperator().body("{\"otherPerSecond\":7,\"corsOrigins\":[\"https://app.example.com\"]}")
                .when().put("/admin/tenants/{id}/settings", id)
                .then().statusCode(200)
                .body("settings.otherPerSecond", equalTo(7))
                .body("settings.corsOrigins", equalTo(List.of("https://app.example.com")));
    }

    @Test
    void shouldRefuseAMistypedSettingNamingItAndKeepTheSettings() {
        String id = TestTenants.create().id();
        asOperator().body("{\"otherPerSecond\":7}").when().put("/admin/tenants/{id}/settings", id)
                .then().statusCode(200);

        asOperator().body("{\"otherPerSec\":9}").when().put("/admin/tenants/{id}/settings", id)
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].path", equalTo("otherPerSec"))
                .body("errors[0].message", containsString("is not a field of this request"))
                .body("errors[0].message", containsString("otherPerSecond"));
        asOperator().when().get("/admin/tenants/{id}", id)
                .then().statusCode(200).body("settings.otherPerSecond", equalTo(7));
    }
}
