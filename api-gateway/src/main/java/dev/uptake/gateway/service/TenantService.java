package dev.uptake.gateway.service;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.uptake.gateway.ApiKeyFormat;
import dev.uptake.gateway.TenantSettings;
import dev.uptake.gateway.repository.TenantEntity;
import dev.uptake.gateway.repository.TenantRepository;
import dev.uptake.kit.problem.NotFoundProblemException;
import dev.uptake.kit.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Creates tenants and changes their settings (operator API). */
@ApplicationScoped
public class TenantService {

    private final TenantRepository tenants;
    private final KeyAuthenticator authenticator;
    private final Clock clock;

    public TenantService(TenantRepository tenants, KeyAuthenticator authenticator, Clock clock) {
        this.tenants = tenants;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    /** Creates a tenant; {@code id} is generated when null. 409 when the id is taken. */
    @WithTransaction
    public Uni<TenantEntity> create(String id, String name, TenantSettings settings) {
        String tenantId = id != null ? id : "t-" + ApiKeyFormat.random(12);
        return tenants.findById(tenantId).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(new ProblemException(409, "conflict", "Tenant exists",
                        "A tenant with id " + tenantId + " already exists."));
            }
            TenantEntity tenant = new TenantEntity();
            tenant.id = tenantId;
            tenant.name = name.trim();
            tenant.createdAt = clock.instant();
            TenantSettingsMapping.apply(settings == null ? TenantSettings.DEFAULTS : settings, tenant);
            return tenants.persist(tenant);
        });
    }

    @WithSession
    public Uni<TenantEntity> get(String id) {
        return tenants.findById(id).onItem().ifNull()
                .failWith(() -> new NotFoundProblemException("No tenant " + id + "."));
    }

    @WithSession
    public Uni<List<TenantEntity>> page(String cursor, int limit) {
        return tenants.page(cursor, limit);
    }

    /** Replaces the tenant's settings; this replica applies them at once, others within the key cache's lifetime. */
    public Uni<TenantEntity> updateSettings(String id, TenantSettings settings) {
        return Panache.withTransaction(() -> get(id).invoke(tenant -> TenantSettingsMapping.apply(settings, tenant)))
                .invoke(() -> authenticator.forgetAll());
    }
}
