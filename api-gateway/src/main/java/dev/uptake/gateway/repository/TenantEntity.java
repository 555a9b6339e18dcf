package dev.uptake.gateway.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code tenants}. */
@Entity
@Table(name = "tenants")
public class TenantEntity {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "tracking_rate_per_second")
    public Integer trackingPerSecond;

    @Column(name = "tracking_burst")
    public Integer trackingBurst;

    @Column(name = "other_rate_per_second")
    public Integer otherPerSecond;

    @Column(name = "other_burst")
    public Integer otherBurst;

    /** Space-separated origins; null for "any". */
    @Column(name = "cors_origins")
    public String corsOrigins;
}
