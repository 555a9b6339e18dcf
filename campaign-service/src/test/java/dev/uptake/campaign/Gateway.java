package dev.uptake.campaign;

import static io.restassured.RestAssured.given;

import dev.uptake.contracts.InternalHeaders;
import io.restassured.specification.RequestSpecification;

/** Requests as the gateway forwards them: the internal credential and a resolved tenant. */
public final class Gateway {

    public static final String TOKEN = "dev-only-internal-token-not-a-secret";

    private Gateway() {
    }

    public static RequestSpecification asTenant(String tenantId) {
        return given().header(InternalHeaders.GATEWAY_TOKEN, TOKEN).header(InternalHeaders.TENANT, tenantId)
                .header(InternalHeaders.KEY_KIND, "admin");
    }
}
