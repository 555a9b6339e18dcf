package dev.uptake.gateway.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of keys, oldest first; pass {@code nextOffset} as {@code offset} for the next one. */
@Schema(name = "ApiKeyPage")
public record KeyPage(List<KeyView> items,
        @Schema(description = "Null on the last page", example = "50") Integer nextOffset) {

    static KeyPage of(List<KeyView> items, int offset, int limit) {
        return new KeyPage(items, items.size() == limit ? offset + limit : null);
    }
}
