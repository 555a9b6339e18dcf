package dev.uptake.gateway.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.uptake.gateway.EchoUpstreams;
import dev.uptake.gateway.Upstream;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/** GET /openapi merges the gateway's and the upstreams' documents into one valid contract. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(EchoUpstreams.class)
class OpenApiTest {

    @Test
    void shouldServeAMergedDocumentThatValidates() {
        String json = given().when().get("/openapi")
                .then().statusCode(200).contentType("application/json")
                .extract().asString();

        SwaggerParseResult result = parse(json);

        assertThat(result.getMessages()).isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getPaths()).containsKeys("/v1/track", "/v1/batch", "/v1/events", "/v1/accounts/{accountId}",
                "/v1/accounts", "/v1/segments", "/v1/campaigns", "/v1/inbox/{userId}/messages", "/admin/tenants",
                "/admin/tenants/{tenantId}/keys", "/v1/keys", "/v1/keys/{keyId}");
        assertThat(api.getPaths()).doesNotContainKeys("/q/health", "/openapi");
        assertThat(api.getComponents().getSecuritySchemes()).containsKeys("writeKey", "bearer", "operatorToken");
        assertThat(api.getComponents().getSecuritySchemes().get("writeKey").getScheme()).isEqualTo("basic");
        assertThat(api.getTags()).extracting(tag -> tag.getName()).contains("Tracking", "Accounts", "Keys");
    }

    @Test
    void shouldTakeEachPathFromTheUpstreamThatServesIt() {
        OpenAPI api = parse(given().when().get("/openapi").then().extract().asString()).getOpenAPI();
        // ingestion's sample also describes /v1/accounts/{accountId}; the gateway routes it to scoring.
        assertThat(api.getPaths().get("/v1/accounts/{accountId}").getGet().getSummary())
                .isEqualTo("An account's health");
    }

    @Test
    void shouldMarkTheKeyKindEveryOperationNeeds() {
        OpenAPI api = parse(given().when().get("/openapi").then().extract().asString()).getOpenAPI();

        assertThat(kind(api.getPaths().get("/v1/track").getPost())).isEqualTo("write");
        assertThat(kind(api.getPaths().get("/v1/accounts/{accountId}").getGet())).isEqualTo("read");
        assertThat(kind(api.getPaths().get("/v1/segments").getPost())).isEqualTo("admin");
        assertThat(kind(api.getPaths().get("/v1/events").getGet())).isEqualTo("admin");
        assertThat(kind(api.getPaths().get("/v1/inbox/{userId}/messages").getGet())).isEqualTo("write");
        assertThat(kind(api.getPaths().get("/v1/keys").getGet())).isEqualTo("admin");
        assertThat(kind(api.getPaths().get("/admin/tenants").getPost())).isEqualTo("operator");
        assertThat(api.getPaths().get("/v1/track").getPost().getExtensions().get("x-accepted-key-kinds"))
                .isEqualTo(List.of("write", "admin"));
        assertThat(api.getPaths().get("/v1/track").getPost().getSecurity())
                .extracting(requirement -> requirement.keySet().iterator().next())
                .containsExactly("writeKey", "bearer");
        assertThat(api.getPaths().get("/v1/track").getPost().getResponses())
                .containsKeys("200", "400", "401", "403", "413", "429", "503", "504");
    }

    @Test
    void shouldDescribeTheServicesAndTheGatewaysAnswerUnderAStatusBothGive() {
        OpenAPI api = parse(given().when().get("/openapi").then().extract().asString()).getOpenAPI();
        // scoring answers 503 analysis-busy on the account list; the gateway answers 503 when scoring is down.
        var busy = api.getPaths().get("/v1/accounts").getGet().getResponses().get("503");
        assertThat(busy.get$ref()).isNull();
        assertThat(busy.getDescription()).startsWith("Too many tenant-wide analyses running")
                .endsWith("Or, from the gateway: The service behind the gateway is down");
        assertThat(busy.getContent()).containsKey("application/problem+json");
        // Where only the gateway gives it, its own shared answer.
        assertThat(api.getPaths().get("/v1/accounts/{accountId}").getGet().getResponses().get("503").get$ref())
                .isEqualTo("#/components/responses/GatewayUnavailable");
    }

    @Test
    void shouldDescribeSegmentsOtherNamesForTheTrackingPathsAsThePathsTheyStandFor() {
        SwaggerParseResult result = parse(given().when().get("/openapi").then().extract().asString());
        OpenAPI api = result.getOpenAPI();

        assertThat(result.getMessages()).isEmpty();
        assertThat(api.getPaths().get("/v1/t").getPost().getSummary()).isEqualTo("Record an event (at /v1/t)");
        assertThat(api.getPaths().get("/v1/t").getPost().getDescription()).startsWith("Segment's other name for /v1/track");
        assertThat(kind(api.getPaths().get("/v1/t").getPost())).isEqualTo("write");
        assertThat(api.getPaths().get("/v1/t").getPost().getResponses()).containsKeys("200", "400", "401", "429");
        assertThat(api.getPaths().get("/v1/b").getPost().getSummary()).isEqualTo("Record several events (at /v1/b)");
        assertThat(api.getPaths().get("/v1/import").getPost().getSummary())
                .isEqualTo("Record several events (at /v1/import)");
        // Only what an upstream describes gets an alias: this sample ingestion document has no /v1/identify.
        assertThat(api.getPaths()).doesNotContainKeys("/v1/i", "/v1/identify");
    }

    @Test
    void shouldRenameAComponentThatTwoUpstreamsDefineDifferently() {
        OpenAPI api = parse(given().when().get("/openapi").then().extract().asString()).getOpenAPI();

        assertThat(api.getComponents().getSchemas()).containsKeys("Page", "ScoringPage", "Problem", "Account")
                .doesNotContainKeys("CampaignPage", "ScoringProblem");
        assertThat(api.getPaths().get("/v1/accounts").getGet().getResponses().get("200").getContent()
                .get("application/json").getSchema().get$ref()).isEqualTo("#/components/schemas/ScoringPage");
        assertThat(api.getPaths().get("/v1/events").getGet().getResponses().get("200").getContent()
                .get("application/json").getSchema().get$ref()).isEqualTo("#/components/schemas/Page");
    }

    @Test
    void shouldServeYamlOnRequest() {
        given().when().get("/openapi?format=yaml")
                .then().statusCode(200).contentType("application/yaml")
                .body(startsWith("---\nopenapi: \"3.1.0\""));
        String yaml = given().header("Accept", "application/yaml").when().get("/openapi")
                .then().statusCode(200).contentType("application/yaml").extract().asString();
        assertThat(parse(yaml).getMessages()).isEmpty();
    }

    @Test
    void shouldStillServeTheOthersWhenAnUpstreamIsDown() {
        EchoUpstreams.stopServer(Upstream.SCORING);
        try {
            given().when().get("/openapi")
                    .then().statusCode(200)
                    .body("info.x-uptake-unavailable-upstreams", equalTo(List.of("scoring")))
                    .body("paths", org.hamcrest.Matchers.hasKey("/v1/track"))
                    .body("paths", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("/v1/accounts")));
        } finally {
            EchoUpstreams.startServer(Upstream.SCORING);
        }
    }

    @Test
    void shouldServeSwaggerUiOverTheMergedDocument() {
        given().redirects().follow(true).when().get("/docs/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("/openapi"));
    }

    private static String kind(Operation operation) {
        return (String) operation.getExtensions().get("x-required-key-kind");
    }

    private static SwaggerParseResult parse(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }
}
