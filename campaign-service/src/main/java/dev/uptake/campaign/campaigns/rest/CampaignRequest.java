package dev.uptake.campaign.campaigns.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/campaigns}. */
@Schema(name = "CampaignRequest")
public record CampaignRequest(
        @NotBlank @Size(max = 200) @Schema(example = "Saved reports nudge") String name,
        @NotNull @Pattern(regexp = "in_app", message = "must be in_app; email and webhook channels are not available yet")
        @Schema(description = "Only in_app so far", enumeration = "in_app", example = "in_app") String channel,
        @NotNull @Valid MessageBody message) {
}
