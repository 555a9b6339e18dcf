package dev.uptake.gateway.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code api_keys}: everything about a key except its secret, of which only a hash is kept. */
@Entity
@Table(name = "api_keys")
public class ApiKeyEntity {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false, unique = true)
    public String prefix;

    @Column(name = "secret_sha256", nullable = false)
    public String secretSha256;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
