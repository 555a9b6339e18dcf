package dev.uptake.scoring;

import static dev.uptake.scoring.Api.asTenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class ApiContractTest {

    private static final List<String> PATHS = List.of("/v1/accounts", "/v1/accounts/{accountId}",
            "/v1/accounts/{accountId}/users", "/v1/users/{userId}", "/v1/metrics/overview", "/v1/features",
            "/v1/features/{key}", "/v1/features/discovered", "/v1/features/{key}/adoption", "/v1/segments",
            "/v1/segments/{kind}/{name}/members");

    @Test
    void shouldDescribeEveryEndpointInTheOpenApiDocument() {
        var document = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200);
        for (String path : PATHS) {
            document.body("paths", hasKey(path));
        }
        document.body("paths.'/v1/features/{key}'.put.responses", hasKey("201"))
                .body("paths.'/v1/features/{key}'.put.responses", hasKey("400"))
                .body("paths.'/v1/metrics/overview'.get.responses", hasKey("401"));
    }

    @Test
    void shouldRefuseEveryEndpointWithoutTheGatewayCredential() {
        for (String path : List.of("/v1/accounts", "/v1/accounts/a", "/v1/accounts/a/users", "/v1/users/u",
                "/v1/metrics/overview", "/v1/features", "/v1/features/k", "/v1/features/discovered",
                "/v1/features/k/adoption", "/v1/segments", "/v1/segments/users/power/members")) {
            given().when().get(path).then().statusCode(401).contentType("application/problem+json");
        }
        given().when().delete("/v1/features/k").then().statusCode(401);
    }

    @Test
    void shouldShowANewTenantNothingOfOthers() {
        asTenant("t-empty").when().get("/v1/metrics/overview").then().statusCode(200)
                .body("accounts", equalTo(0)).body("usage.engagement.mau", equalTo(0))
                .body("usage.frequency.inactive", equalTo(0));
        asTenant("t-empty").when().get("/v1/features/discovered").then().statusCode(200).body("items", hasSize(0));
        asTenant("t-empty").when().get("/v1/segments").then().statusCode(200)
                .body("segments.users.power", equalTo(0));
        asTenant("t-empty").when().get("/v1/segments/users/casual/members").then().statusCode(200)
                .body("items", hasSize(0));
        asTenant("t-empty").when().get("/v1/users/ent-1").then().statusCode(404);
    }

    @Test
    void shouldAnswerUnknownRoutesWithAProblem() {
        asTenant("t-empty").when().get("/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
