package dev.uptake.campaign.campaigns.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.uptake.campaign.campaigns.service.CampaignService.Delivery;

/** How a delivery went. */
@Schema(name = "Delivery")
public record DeliveryView(
        @Schema(description = "Users whose inbox got the message now", example = "2") int delivered,
        @Schema(description = "Users who already had it from an earlier delivery", example = "0") int alreadyDelivered) {

    static DeliveryView of(Delivery delivery) {
        return new DeliveryView(delivery.delivered(), delivery.alreadyDelivered());
    }
}
