package dev.uptake.campaign.signal.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.uptake.campaign.signal.ReceivedSignal;
import dev.uptake.campaign.signal.repository.ReceivedSignalRepository;
import dev.uptake.contracts.Signal;
import io.smallrye.mutiny.Uni;

/** Stores each signal once, however often it is delivered. */
@ApplicationScoped
public class SignalIntake {

    private final ReceivedSignalRepository signals;
    private final Clock clock;

    public SignalIntake(ReceivedSignalRepository signals, Clock clock) {
        this.signals = signals;
        this.clock = clock;
    }

    /**
     * Stores validated signals; the item holds the ids that were new, so any other was already stored (a redelivery).
     */
    public Uni<Set<String>> record(List<Signal> batch) {
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return signals.insertAbsent(batch.stream().map(signal -> toEntity(signal, receivedAt)).toList());
    }

    private static ReceivedSignal toEntity(Signal signal, Instant receivedAt) {
        ReceivedSignal entity = new ReceivedSignal();
        entity.signalId = signal.signalId();
        entity.schemaVersion = signal.schemaVersion();
        entity.tenantId = signal.tenantId();
        entity.subjectType = signal.subjectType();
        entity.subjectId = signal.subjectId();
        entity.kind = signal.kind();
        entity.fromState = signal.from();
        entity.toState = signal.to();
        entity.occurredAt = signal.at();
        entity.historical = signal.historical();
        // PostgreSQL keeps microseconds; truncated (by the caller) the paging cursor equals what is stored.
        entity.receivedAt = receivedAt;
        return entity;
    }
}
