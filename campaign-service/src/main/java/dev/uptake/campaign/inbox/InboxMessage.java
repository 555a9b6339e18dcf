package dev.uptake.campaign.inbox;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One in-app message delivered to one user, with the campaign's title and body as they were when it was sent. */
@Entity
@Table(name = "inbox_messages")
public class InboxMessage {

    @Id
    @Column(name = "message_id")
    public String messageId;

    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "campaign_id")
    public String campaignId;

    public String title;

    public String body;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    /** When the user first read it; null while unread. */
    @Column(name = "read_at")
    public Instant readAt;
}
