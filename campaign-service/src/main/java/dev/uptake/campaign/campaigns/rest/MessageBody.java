package dev.uptake.campaign.campaigns.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a campaign says: a title and a plain-text body; the front end renders them. */
@Schema(name = "CampaignMessage")
public record MessageBody(
        @NotBlank @Size(max = 200) @Schema(example = "Try saved reports") String title,
        @NotBlank @Size(max = 5000)
        @Schema(description = "Plain text; the front end must escape it when it renders HTML",
                example = "Save any report and get it in your inbox every Monday.") String body) {
}
