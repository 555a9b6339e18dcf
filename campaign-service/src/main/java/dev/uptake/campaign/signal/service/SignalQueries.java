package dev.uptake.campaign.signal.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

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

    /** One page of signals; {@code nextCursor} is null on the last page. */
    public record Page(List<ReceivedSignal> items, String nextCursor) {
    }

    public Uni<Page> page(String tenantId, String subjectId, String kind, int limit, String cursor) {
        var after = SignalCursor.decode(blankToNull(cursor));
        // One row more than asked tells whether another page exists without a count query.
        return signals.page(tenantId, blankToNull(subjectId), blankToNull(kind), after, limit + 1).map(found -> {
            if (found.size() <= limit) {
                return new Page(found, null);
            }
            List<ReceivedSignal> items = found.subList(0, limit);
            return new Page(items, SignalCursor.after(items.get(limit - 1)));
        });
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
