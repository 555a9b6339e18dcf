package dev.uptake.scoring.rest;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An account as the analytics API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Account")
public record AccountView(
        @Schema(example = "acme") String accountId,
        @Schema(example = "Acme Corp") String name,
        @Schema(description = "Events counted for the account", example = "1342") long eventCount,
        @Schema(example = "2026-01-04T09:12:00Z") Instant firstSeenAt,
        @Schema(example = "2026-11-23T10:00:00Z") Instant lastSeenAt,
        @Schema(description = "Traits from group calls, merged over time") Map<String, Object> traits) {

    @SuppressWarnings("unchecked")
    static AccountView from(Document document) {
        Number count = (Number) document.get("eventCount");
        return new AccountView(document.getString("accountId"), document.getString("name"),
                count == null ? 0 : count.longValue(), instant(document.getDate("firstSeenAt")),
                instant(document.getDate("lastSeenAt")), (Map<String, Object>) document.get("traits"));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
