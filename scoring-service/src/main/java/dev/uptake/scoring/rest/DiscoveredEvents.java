package dev.uptake.scoring.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Event names seen in the tenant's accounts that no catalog feature maps, most frequent first. */
@Schema(name = "DiscoveredEvents")
public record DiscoveredEvents(List<Item> items) {

    /** One unmapped event name and how often it was seen. */
    public record Item(@Schema(example = "Export Scheduled") String event, @Schema(example = "412") long count) {
    }
}
