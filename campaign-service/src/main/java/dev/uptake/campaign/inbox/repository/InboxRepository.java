package dev.uptake.campaign.inbox.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.uptake.campaign.campaigns.Campaign;
import dev.uptake.campaign.inbox.InboxMessage;
import dev.uptake.campaign.paging.Keyset;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Delivered in-app messages; every read is scoped to one tenant. */
@ApplicationScoped
public class InboxRepository implements PanacheRepositoryBase<InboxMessage, String> {

    // unique (campaign_id, user_id) makes a retried delivery a no-op, even when two requests race.
    private static final String INSERT_ABSENT = """
            insert into inbox_messages (message_id, tenant_id, user_id, campaign_id, title, body, delivered_at)
            select id, $2, user_id, $3, $4, $5, $6 from unnest($1::text[], $7::text[]) as t(id, user_id)
            on conflict (campaign_id, user_id) do nothing
            returning user_id""";

    private final Pool pool;

    public InboxRepository(Pool pool) {
        this.pool = pool;
    }

    /** Delivers the campaign's message to each user who does not have it yet, in one statement; the item counts them. */
    public Uni<Integer> deliverAbsent(Campaign campaign, List<String> userIds, Instant deliveredAt) {
        String[] ids = userIds.stream().map(user -> UUID.randomUUID().toString()).toArray(String[]::new);
        Tuple values = Tuple.tuple(List.of(ids, campaign.tenantId, campaign.campaignId, campaign.title, campaign.body,
                deliveredAt.atOffset(ZoneOffset.UTC), userIds.toArray(String[]::new)));
        return pool.preparedQuery(INSERT_ABSENT).execute(values).map(rows -> rows.rowCount());
    }

    @WithSession
    public Uni<InboxMessage> findInTenant(String tenantId, String messageId) {
        return inTenant(tenantId, messageId);
    }

    /** Sets readAt the first time only, so a second read keeps when the user first saw it; null when there is none. */
    @WithTransaction
    public Uni<InboxMessage> markRead(String tenantId, String messageId, Instant at) {
        return inTenant(tenantId, messageId)
                .invoke(message -> {
                    if (message != null && message.readAt == null) {
                        message.readAt = at;
                    }
                });
    }

    private Uni<InboxMessage> inTenant(String tenantId, String messageId) {
        return find("tenantId = :tenantId and messageId = :messageId",
                Parameters.with("tenantId", tenantId).and("messageId", messageId)).firstResult();
    }

    /** One user's messages newest first, ties broken by id, strictly after {@code after} when it is given. */
    @WithSession
    public Uni<List<InboxMessage>> page(String tenantId, String userId, Keyset after, int size) {
        StringBuilder query = new StringBuilder("tenantId = :tenantId and userId = :userId");
        Parameters parameters = Parameters.with("tenantId", tenantId).and("userId", userId);
        if (after != null) {
            query.append(" and (deliveredAt < :at or (deliveredAt = :at and messageId > :id))");
            parameters.and("at", after.at()).and("id", after.id());
        }
        query.append(" order by deliveredAt desc, messageId asc");
        return find(query.toString(), parameters).range(0, size - 1).list();
    }

    @WithSession
    public Uni<Long> countUnread(String tenantId, String userId) {
        return count("tenantId = :tenantId and userId = :userId and readAt is null",
                Parameters.with("tenantId", tenantId).and("userId", userId));
    }
}
