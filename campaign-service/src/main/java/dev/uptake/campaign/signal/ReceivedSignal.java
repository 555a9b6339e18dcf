package dev.uptake.campaign.signal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.uptake.contracts.SubjectType;

/** A signal as campaign-service stored it: the contract's fields plus when it arrived here. */
@Entity
@Table(name = "signals")
public class ReceivedSignal {

    @Id
    @Column(name = "signal_id")
    public String signalId;

    @Column(name = "schema_version")
    public int schemaVersion;

    @Column(name = "tenant_id")
    public String tenantId;

    @Enumerated(EnumType.STRING)
    @Column(name = "subject_type")
    public SubjectType subjectType;

    @Column(name = "subject_id")
    public String subjectId;

    public String kind;

    @Column(name = "from_state")
    public String fromState;

    @Column(name = "to_state")
    public String toState;

    /** When the transition happened, as the producer saw it. */
    @Column(name = "occurred_at")
    public Instant occurredAt;

    /** Backfilled or replayed: stored for history, never a trigger for playbooks. */
    public boolean historical;

    @Column(name = "received_at")
    public Instant receivedAt;
}
