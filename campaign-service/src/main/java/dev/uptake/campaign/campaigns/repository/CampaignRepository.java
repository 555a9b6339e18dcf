package dev.uptake.campaign.campaigns.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.uptake.campaign.campaigns.Campaign;
import dev.uptake.campaign.paging.Keyset;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** Stored campaigns; every read is scoped to one tenant. */
@ApplicationScoped
public class CampaignRepository implements PanacheRepositoryBase<Campaign, String> {

    @WithTransaction
    public Uni<Campaign> add(Campaign campaign) {
        return persist(campaign);
    }

    @WithSession
    public Uni<Campaign> findInTenant(String tenantId, String campaignId) {
        return find("tenantId = :tenantId and campaignId = :campaignId",
                Parameters.with("tenantId", tenantId).and("campaignId", campaignId)).firstResult();
    }

    /** Newest first, ties broken by id, strictly after {@code after} when it is given. */
    @WithSession
    public Uni<List<Campaign>> page(String tenantId, Keyset after, int size) {
        StringBuilder query = new StringBuilder("tenantId = :tenantId");
        Parameters parameters = Parameters.with("tenantId", tenantId);
        if (after != null) {
            query.append(" and (createdAt < :at or (createdAt = :at and campaignId > :id))");
            parameters.and("at", after.at()).and("id", after.id());
        }
        query.append(" order by createdAt desc, campaignId asc");
        return find(query.toString(), parameters).range(0, size - 1).list();
    }
}
