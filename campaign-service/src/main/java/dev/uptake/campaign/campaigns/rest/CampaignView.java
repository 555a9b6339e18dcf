package dev.uptake.campaign.campaigns.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.uptake.campaign.campaigns.Campaign;

/** A campaign as the API shows it. */
@Schema(name = "Campaign")
public record CampaignView(
        @Schema(example = "3f0b8a52-4c1e-4d7a-9e36-5b2f1c8d7a90") String campaignId,
        @Schema(example = "Saved reports nudge") String name,
        @Schema(example = "in_app") String channel,
        MessageBody message,
        @Schema(example = "2026-12-02T09:00:00Z") Instant createdAt) {

    static CampaignView of(Campaign campaign) {
        return new CampaignView(campaign.campaignId, campaign.name, campaign.channel.apiName(),
                new MessageBody(campaign.title, campaign.body), campaign.createdAt);
    }
}
