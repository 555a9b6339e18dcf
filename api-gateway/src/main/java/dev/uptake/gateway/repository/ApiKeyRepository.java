package dev.uptake.gateway.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKeyEntity, UUID> {

    public Uni<ApiKeyEntity> findByPrefix(String prefix) {
        return find("prefix", prefix).firstResult();
    }

    public Uni<ApiKeyEntity> findInTenant(String tenantId, UUID id) {
        return find("id = :id and tenantId = :tenant", Parameters.with("id", id).and("tenant", tenantId))
                .firstResult();
    }

    /** Oldest first, so pages stay stable while keys are added. */
    public Uni<List<ApiKeyEntity>> pageInTenant(String tenantId, int offset, int limit) {
        return find("tenantId", Sort.by("createdAt").and("id"), tenantId).range(offset, offset + limit - 1).list();
    }
}
