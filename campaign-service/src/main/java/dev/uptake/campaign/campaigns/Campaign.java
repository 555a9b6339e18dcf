package dev.uptake.campaign.campaigns;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A campaign as stored: who defined it and the message it delivers. */
@Entity
@Table(name = "campaigns")
public class Campaign {

    @Id
    @Column(name = "campaign_id")
    public String campaignId;

    @Column(name = "tenant_id")
    public String tenantId;

    public String name;

    @Enumerated(EnumType.STRING)
    public Channel channel;

    public String title;

    public String body;

    @Column(name = "created_at")
    public Instant createdAt;
}
