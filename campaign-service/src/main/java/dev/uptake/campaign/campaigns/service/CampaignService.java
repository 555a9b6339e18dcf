package dev.uptake.campaign.campaigns.service;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.uptake.campaign.campaigns.Campaign;
import dev.uptake.campaign.campaigns.Channel;
import dev.uptake.campaign.campaigns.repository.CampaignRepository;
import dev.uptake.campaign.inbox.repository.InboxRepository;
import dev.uptake.campaign.paging.Keyset;
import dev.uptake.campaign.paging.Page;
import dev.uptake.kit.problem.NotFoundProblemException;
import io.smallrye.mutiny.Uni;

/** Defines campaigns and delivers them, always within the caller's tenant. */
@ApplicationScoped
public class CampaignService {

    private final CampaignRepository campaigns;
    private final InboxRepository inbox;
    private final Clock clock;

    public CampaignService(CampaignRepository campaigns, InboxRepository inbox, Clock clock) {
        this.campaigns = campaigns;
        this.inbox = inbox;
        this.clock = clock;
    }

    /** How a delivery went: users who got the message now, and users who already had it from an earlier call. */
    public record Delivery(int delivered, int alreadyDelivered) {
    }

    public Uni<Campaign> create(String tenantId, String name, Channel channel, String title, String body) {
        Campaign campaign = new Campaign();
        campaign.campaignId = UUID.randomUUID().toString();
        campaign.tenantId = tenantId;
        campaign.name = name;
        campaign.channel = channel;
        campaign.title = title;
        campaign.body = body;
        campaign.createdAt = clock.instant();
        return campaigns.add(campaign);
    }

    public Uni<Page<Campaign>> page(String tenantId, int limit, String cursor) {
        return campaigns.page(tenantId, Keyset.decode(cursor), limit + 1)
                .map(found -> Page.of(found, limit, campaign -> new Keyset(campaign.createdAt, campaign.campaignId)));
    }

    /** The campaign, or 404 problem when there is none with this id in the tenant (another tenant's looks the same). */
    public Uni<Campaign> one(String tenantId, String campaignId) {
        return campaigns.findInTenant(tenantId, campaignId).onItem().ifNull()
                .failWith(() -> new NotFoundProblemException("No campaign " + campaignId + "."));
    }

    /** Puts the campaign's message in each user's inbox once; repeating a user, or the whole call, changes nothing. */
    public Uni<Delivery> deliver(String tenantId, String campaignId, List<String> userIds) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(userIds));
        return one(tenantId, campaignId)
                .chain(campaign -> inbox.deliverAbsent(campaign, distinct, clock.instant()))
                .map(delivered -> new Delivery(delivered, distinct.size() - delivered));
    }
}
