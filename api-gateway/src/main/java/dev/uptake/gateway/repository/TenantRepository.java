package dev.uptake.gateway.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class TenantRepository implements PanacheRepositoryBase<TenantEntity, String> {

    /** One page in id order, starting after {@code cursor} (exclusive) when given. */
    public Uni<List<TenantEntity>> page(String cursor, int limit) {
        if (cursor == null) {
            return findAll(Sort.by("id")).page(0, limit).list();
        }
        return find("id > :cursor", Sort.by("id"), Parameters.with("cursor", cursor)).page(0, limit).list();
    }
}
