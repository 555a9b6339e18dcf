package dev.uptake.campaign.campaigns.rest;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/campaigns/{id}/deliveries}: the users to reach, as the tracking API named them. */
@Schema(name = "DeliveryRequest")
public record DeliveryRequest(
        @NotNull @Size(min = 1, max = 1000)
        @Schema(description = "1 to 1,000 user ids; repeats are delivered once", example = "[\"u-1\", \"u-2\"]")
        List<@NotBlank @Size(max = 256) String> userIds) {
}
