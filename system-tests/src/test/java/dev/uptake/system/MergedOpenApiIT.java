package dev.uptake.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/** The gateway's merged document over the real services' own documents, as a front-end team downloads it. */
class MergedOpenApiIT {

    @Test
    void shouldMergeEveryServicesOperationsIntoOneValidDocument() {
        String json = given().baseUri(RunningSuite.suite().gatewayUrl())
                .when().get("/openapi")
                .then().statusCode(200).extract().asString();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);

        assertThat(result.getMessages()).isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getPaths()).containsKeys("/v1/track", "/v1/batch", "/v1/events", "/v1/privacy/requests",
                "/v1/accounts", "/v1/accounts/{accountId}", "/v1/features", "/v1/segments", "/v1/signals", "/v1/keys");
        assertThat(api.getComponents().getSecuritySchemes()).isNotEmpty();
        assertThat(api.getInfo().getExtensions() == null
                || !api.getInfo().getExtensions().containsKey("x-uptake-unavailable-upstreams")).isTrue();
        api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation ->
                assertThat(operation.getExtensions()).as(path).containsKey("x-required-key-kind")));
    }
}
