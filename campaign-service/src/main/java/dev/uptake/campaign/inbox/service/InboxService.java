package dev.uptake.campaign.inbox.service;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import dev.uptake.campaign.inbox.InboxMessage;
import dev.uptake.campaign.inbox.repository.InboxRepository;
import dev.uptake.campaign.paging.Keyset;
import dev.uptake.campaign.paging.Page;
import dev.uptake.kit.problem.NotFoundProblemException;
import io.smallrye.mutiny.Uni;

/** A user's in-app messages, as a front end shows and marks them, always within the caller's tenant. */
@ApplicationScoped
public class InboxService {

    private final InboxRepository inbox;
    private final Clock clock;

    public InboxService(InboxRepository inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    /** A page of one user's messages, and how many of all of them are unread (for a badge). */
    public record UserInbox(Page<InboxMessage> page, long unread) {
    }

    public Uni<UserInbox> page(String tenantId, String userId, int limit, String cursor) {
        Keyset after = Keyset.decode(cursor);
        return inbox.page(tenantId, userId, after, limit + 1)
                .map(found -> Page.of(found, limit, message -> new Keyset(message.deliveredAt, message.messageId)))
                .chain(page -> inbox.countUnread(tenantId, userId).map(unread -> new UserInbox(page, unread)));
    }

    public Uni<InboxMessage> one(String tenantId, String messageId) {
        return inbox.findInTenant(tenantId, messageId).onItem().ifNull().failWith(() -> notFound(messageId));
    }

    public Uni<InboxMessage> markRead(String tenantId, String messageId) {
        return inbox.markRead(tenantId, messageId, clock.instant()).onItem().ifNull()
                .failWith(() -> notFound(messageId));
    }

    private static NotFoundProblemException notFound(String messageId) {
        return new NotFoundProblemException("No inbox message " + messageId + ".");
    }
}
