package dev.uptake.campaign;

import static dev.uptake.campaign.Gateway.asTenant;

import java.util.ArrayList;
import java.util.List;

import io.restassured.path.json.JsonPath;

/** Walks a list endpoint page by page, as a client following nextCursor does. */
public final class TestPaging {

    private TestPaging() {
    }

    /** Every page's {@code idField} values in order, and how many pages there were. */
    public record Walk(List<String> ids, int pages) {
    }

    public static Walk walk(String tenantId, String path, String idField, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = asTenant(tenantId).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get(path).then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items." + idField, String.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        return new Walk(ids, pages);
    }
}
