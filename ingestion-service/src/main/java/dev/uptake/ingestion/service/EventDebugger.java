package dev.uptake.ingestion.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;

import dev.uptake.contracts.TrackedEvent;
import dev.uptake.ingestion.config.IngestionConfig;
import dev.uptake.ingestion.repository.EventArchive;
import dev.uptake.kit.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** The live event debugger: a tenant's archived events, newest received first, paged by an opaque cursor. */
@ApplicationScoped
public class EventDebugger {

    public record Page(List<TrackedEvent> events, String nextCursor) {
    }

    private final EventArchive archive;
    private final IngestionConfig config;

    public EventDebugger(EventArchive archive, IngestionConfig config) {
        this.archive = archive;
        this.config = config;
    }

    public Uni<Page> find(String tenantId, EventQuery query) {
        if (query.limit() < 1) {
            throw ProblemException.badRequest("invalid-parameter", "Invalid parameter", "limit must be at least 1.");
        }
        // Capped, not refused: a debugger asking for "everything" gets the largest page and a cursor.
        int limit = Math.min(query.limit(), config.archive().maxPageSize());
        if (query.type() != null && EventNormalizer.typeOf(query.type()) == null) {
            throw ProblemException.badRequest("invalid-parameter", "Invalid parameter",
                    "type must be one of track, identify, group, page, screen, alias.");
        }
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq("tenantId", tenantId));
        addEquals(filters, "userId", query.userId());
        addEquals(filters, "accountId", query.accountId());
        addEquals(filters, "event", query.event());
        addEquals(filters, "type", query.type());
        if (query.from() != null) {
            filters.add(Filters.gte("receivedAt", Date.from(query.from())));
        }
        if (query.to() != null) {
            filters.add(Filters.lt("receivedAt", Date.from(query.to())));
        }
        if (query.cursor() != null && !query.cursor().isBlank()) {
            Cursor after = Cursor.decode(query.cursor());
            filters.add(Filters.or(Filters.lt("receivedAt", after.receivedAt()),
                    Filters.and(Filters.eq("receivedAt", after.receivedAt()), Filters.lt("messageId", after.messageId()))));
        }
        return archive.page(Filters.and(filters), limit + 1).map(found -> {
            boolean more = found.size() > limit;
            List<Document> page = more ? found.subList(0, limit) : found;
            String next = more ? Cursor.of(page.get(page.size() - 1)).encode() : null;
            return new Page(page.stream().map(d -> EventArchive.fromDocument(d, d.getBoolean("historical", false)))
                    .toList(), next);
        });
    }

    private static void addEquals(List<Bson> filters, String field, String value) {
        if (value != null && !value.isBlank()) {
            filters.add(Filters.eq(field, value));
        }
    }

    record Cursor(Date receivedAt, String messageId) {

        static Cursor of(Document document) {
            return new Cursor(document.getDate("receivedAt"), document.getString("messageId"));
        }

        String encode() {
            String raw = receivedAt.getTime() + ":" + messageId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int colon = raw.indexOf(':');
                return new Cursor(Date.from(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon)))),
                        raw.substring(colon + 1));
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("invalid-cursor", "Invalid cursor",
                        "cursor is not one this API issued.");
            }
        }
    }
}
