package dev.uptake.scoring;

import static dev.uptake.scoring.Api.asTenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

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
                .body("paths.'/v1/metrics/overview'.get.responses", hasKey("401"))
                // The 400 for a query parameter an operation does not take: added where none was documented, named
                // beside the causes of one that was.
                .body("paths.'/v1/segments'.get.responses.'400'.description",
                        startsWith("A query parameter this call does not take"))
                .body("paths.'/v1/segments'.get.responses.'400'.content.'application/problem+json'.schema.$ref",
                        equalTo("#/components/schemas/Problem"))
                .body("paths.'/v1/metrics/overview'.get.responses.'400'.description",
                        equalTo("Invalid window, date or role; or a query parameter this call does not take (each named, "
                                + "with the ones it takes), or one given twice"));
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
    void shouldRefuseAQueryParameterTheCallDoesNotTakeAndNameTheOnesItDoes() {
        asTenant("t-empty").queryParam("windowDays", 7).when().get("/v1/metrics/overview").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/invalid-parameter"))
                .body("detail", equalTo("Unknown query parameter windowDays; this call takes asOf, from, industry, "
                        + "role, tier, to, window."))
                .body("errors[0].path", equalTo("windowDays"));
        // Two unknown at once are both named; the known one beside them does not save the call.
        asTenant("t-empty").queryParam("window", "7d").queryParam("zz", 1).queryParam("aa", 2)
                .when().get("/v1/accounts/a").then().statusCode(400)
                .body("errors.path", contains("aa", "zz"));
        asTenant("t-empty").queryParam("verbose", true).when().get("/v1/segments").then().statusCode(400)
                .body("detail", equalTo("Unknown query parameter verbose; this call takes no query parameters."));
        asTenant("t-empty").queryParam("window", "7d").when().get("/v1/metrics/overview").then().statusCode(200);
    }

    @Test
    void shouldRefuseAnUnknownSegmentRatherThanListNoAccount() {
        asTenant("t-empty").queryParam("segment", "powr").when().get("/v1/accounts").then().statusCode(400)
                .body("type", equalTo("https://uptake.dev/problems/invalid-parameter"))
                .body("detail", equalTo("segment must be one of power, casual, at-risk, dormant, new."));
        asTenant("t-empty").queryParam("segment", "power").when().get("/v1/accounts")
                .then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void shouldRefuseASingleValuedQueryParameterGivenTwice() {
        asTenant("t-empty").when().get("/v1/metrics/overview?window=7d&window=30d&tier=smb").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/invalid-parameter"))
                .body("detail", equalTo("Query parameter window given more than once; each takes one value."))
                .body("errors[0].path", equalTo("window"))
                .body("errors[0].message", equalTo("given 2 times; takes one value"));
    }

    @Test
    void shouldAnswerUnknownRoutesWithAProblem() {
        asTenant("t-empty").when().get("/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
