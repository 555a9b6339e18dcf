package dev.uptake.gateway.service;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.uptake.gateway.ApiKeyFormat;
import dev.uptake.gateway.KeyKind;
import dev.uptake.gateway.repository.ApiKeyEntity;
import dev.uptake.gateway.repository.ApiKeyRepository;
import dev.uptake.gateway.repository.TenantRepository;
import dev.uptake.kit.problem.NotFoundProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Issues, lists and revokes a tenant's API keys. Several keys of a tenant are valid together (rotation). */
@ApplicationScoped
public class KeyService {

    /** A key just created: the stored row and the full key text, which exists nowhere else. */
    public record IssuedKey(ApiKeyEntity key, String text) {

        @Override
        public String toString() {
            return "IssuedKey[" + key.prefix + "]";
        }
    }

    private final ApiKeyRepository keys;
    private final TenantRepository tenants;
    private final KeyAuthenticator authenticator;
    private final Clock clock;

    public KeyService(ApiKeyRepository keys, TenantRepository tenants, KeyAuthenticator authenticator, Clock clock) {
        this.keys = keys;
        this.tenants = tenants;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<IssuedKey> issue(String tenantId, KeyKind kind) {
        return tenants.findById(tenantId).onItem().ifNull()
                .failWith(() -> new NotFoundProblemException("No tenant " + tenantId + "."))
                .chain(tenant -> {
                    ApiKeyFormat.NewKey generated = ApiKeyFormat.generate(kind);
                    ApiKeyEntity key = new ApiKeyEntity();
                    key.id = UUID.randomUUID();
                    key.tenantId = tenantId;
                    key.kind = kind.wireName();
                    key.prefix = generated.prefix();
                    key.secretSha256 = generated.secretHash();
                    key.createdAt = clock.instant();
                    return keys.persist(key).map(saved -> new IssuedKey(saved, generated.text()));
                });
    }

    @WithSession
    public Uni<List<ApiKeyEntity>> page(String tenantId, int offset, int limit) {
        return tenants.findById(tenantId).onItem().ifNull()
                .failWith(() -> new NotFoundProblemException("No tenant " + tenantId + "."))
                .chain(tenant -> keys.pageInTenant(tenantId, offset, limit));
    }

    @WithSession
    public Uni<ApiKeyEntity> get(String tenantId, UUID keyId) {
        return keys.findInTenant(tenantId, keyId).onItem().ifNull()
                .failWith(() -> new NotFoundProblemException("No key " + keyId + " in tenant " + tenantId + "."));
    }

    /**
     * Revokes a key; revoking it again changes nothing. This replica forgets the key once the revocation is
     * committed (forgetting it earlier could let a concurrent lookup cache it again); other replicas notice within
     * the key cache's lifetime.
     */
    public Uni<ApiKeyEntity> revoke(String tenantId, UUID keyId) {
        return Panache.withTransaction(() -> get(tenantId, keyId).invoke(key -> {
            if (key.revokedAt == null) {
                key.revokedAt = clock.instant();
            }
        })).invoke(key -> authenticator.forget(key.prefix));
    }
}
