package dev.uptake.campaign.signal.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.uptake.campaign.paging.Keyset;
import dev.uptake.campaign.paging.Page;
import dev.uptake.campaign.signal.ReceivedSignal;
import dev.uptake.campaign.signal.repository.ReceivedSignalRepository;
import dev.uptake.kit.problem.NotFoundProblemException;
import io.smallrye.mutiny.Uni;

/** Reads signals for the API, always within the caller's tenant. */
@ApplicationScoped
public class SignalQueries {

    private final ReceivedSignalRepository signals;

    public SignalQueries(ReceivedSignalRepository signals) {
        this.signals = signals;
    }

    public Uni<Page<ReceivedSignal>> page(String tenantId, String subjectId, String kind, int limit, String cursor) {
        Keyset after = Keyset.decode(cursor);
        return signals.page(tenantId, blankToNull(subjectId), blankToNull(kind), after, limit + 1)
                .map(found -> Page.of(found, limit, signal -> new Keyset(signal.receivedAt, signal.signalId)));
    }

    /** The signal, or 404 problem when there is none with this id in the tenant (another tenant's looks the same). */
    public Uni<ReceivedSignal> one(String tenantId, String signalId) {
        return signals.findInTenant(tenantId, signalId).onItem().ifNull()
                .failWith(() -> new NotFoundProblemException("No signal " + signalId + " was received."));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
