package dev.uptake.gateway.service;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.uptake.gateway.ApiKeyFormat;
import dev.uptake.gateway.KeyHolder;
import dev.uptake.gateway.KeyKind;
import dev.uptake.gateway.TenantSettings;
import dev.uptake.gateway.config.GatewayConfig;
import dev.uptake.gateway.repository.ApiKeyEntity;
import dev.uptake.gateway.repository.ApiKeyRepository;
import dev.uptake.gateway.repository.TenantEntity;
import dev.uptake.gateway.repository.TenantRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Turns a presented key into its holder. Lookups go by the non-secret prefix and are cached briefly (at most 30 s,
 * so a key revoked on another replica stops working within 30 s); the secret is checked on every request in
 * constant time.
 */
@ApplicationScoped
public class KeyAuthenticator {

    static final Duration MAX_CACHE_TTL = Duration.ofSeconds(30);

    /** What the cache keeps per prefix; {@link #UNKNOWN} also caches misses so garbage keys cost no query. */
    record StoredKey(UUID id, String tenantId, KeyKind kind, String secretSha256, boolean revoked,
            TenantSettings settings) {

        static final StoredKey UNKNOWN = new StoredKey(null, null, null, null, true, null);
    }

    private final ApiKeyRepository keys;
    private final TenantRepository tenants;
    private final Cache<String, StoredKey> cache;

    public KeyAuthenticator(ApiKeyRepository keys, TenantRepository tenants, GatewayConfig config) {
        this.keys = keys;
        this.tenants = tenants;
        Duration ttl = config.keys().cacheTtl();
        if (ttl.compareTo(MAX_CACHE_TTL) > 0) {
            Log.warnf("uptake.gateway.keys.cache-ttl %s is above %s; using %s", ttl, MAX_CACHE_TTL, MAX_CACHE_TTL);
            ttl = MAX_CACHE_TTL;
        }
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl)
                .maximumSize(ttl.isZero() ? 0 : config.keys().cacheSize()).build();
    }

    /** The holder of a valid, unrevoked key, or empty for anything else (unknown, malformed, revoked). */
    public Uni<Optional<KeyHolder>> authenticate(String presentedText) {
        Optional<ApiKeyFormat.PresentedKey> presented = ApiKeyFormat.parse(presentedText);
        if (presented.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        ApiKeyFormat.PresentedKey key = presented.get();
        return lookup(key.prefix()).map(stored -> verify(key, stored));
    }

    public void forget(String prefix) {
        cache.invalidate(prefix);
    }

    public void forgetAll() {
        cache.invalidateAll();
    }

    private static Optional<KeyHolder> verify(ApiKeyFormat.PresentedKey key, StoredKey stored) {
        if (stored.revoked() || stored.kind() != key.kind()
                || !ApiKeyFormat.matches(key.secret(), stored.secretSha256())) {
            return Optional.empty();
        }
        return Optional.of(new KeyHolder(stored.id(), stored.tenantId(), stored.kind(), stored.settings()));
    }

    private Uni<StoredKey> lookup(String prefix) {
        StoredKey cached = cache.getIfPresent(prefix);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return Panache.withSession(() -> keys.findByPrefix(prefix).chain(key -> key == null
                ? Uni.createFrom().item(StoredKey.UNKNOWN)
                : tenants.findById(key.tenantId).map(tenant -> stored(key, tenant))))
                .invoke(stored -> cache.put(prefix, stored));
    }

    private static StoredKey stored(ApiKeyEntity key, TenantEntity tenant) {
        return new StoredKey(key.id, key.tenantId, KeyKind.fromWireName(key.kind).orElseThrow(), key.secretSha256,
                key.revokedAt != null, TenantSettingsMapping.of(tenant));
    }
}
