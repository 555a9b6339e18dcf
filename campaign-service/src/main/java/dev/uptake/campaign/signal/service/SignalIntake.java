package dev.uptake.campaign.signal.service;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.uptake.campaign.signal.ReceivedSignal;
import dev.uptake.campaign.signal.repository.ReceivedSignalRepository;
import dev.uptake.contracts.Signal;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
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

    /** Stores a validated signal; the item is false when the signal had already been stored (a redelivery). */
    @WithTransaction
    public Uni<Boolean> record(Signal signal) {
        return signals.insertIfAbsent(toEntity(signal));
    }

    private ReceivedSignal toEntity(Signal signal) {
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
        // PostgreSQL keeps microseconds; truncating here keeps the paging cursor equal to what is stored.
        entity.receivedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return entity;
    }
}
