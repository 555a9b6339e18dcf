package dev.uptake.campaign.campaigns.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.uptake.campaign.campaigns.Campaign;
import dev.uptake.campaign.paging.Page;

/** One page of campaigns; {@code nextCursor} is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "CampaignPage")
public record CampaignPage(List<CampaignView> items,
        @Schema(description = "Pass as cursor to get the next page; absent on the last page") String nextCursor) {

    static CampaignPage of(Page<Campaign> page) {
        return new CampaignPage(page.items().stream().map(CampaignView::of).toList(), page.nextCursor());
    }
}
