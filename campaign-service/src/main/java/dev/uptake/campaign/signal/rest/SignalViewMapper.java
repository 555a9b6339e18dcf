package dev.uptake.campaign.signal.rest;

import dev.uptake.campaign.paging.Page;
import dev.uptake.campaign.signal.ReceivedSignal;

/** Entity to API model; the entity never leaves the service. */
final class SignalViewMapper {

    private SignalViewMapper() {
    }

    static SignalView toView(ReceivedSignal signal) {
        return new SignalView(signal.signalId, signal.schemaVersion, signal.tenantId, signal.subjectType,
                signal.subjectId, signal.kind, signal.fromState, signal.toState, signal.occurredAt, signal.historical,
                signal.receivedAt);
    }

    static SignalPage toPage(Page<ReceivedSignal> page) {
        return new SignalPage(page.items().stream().map(SignalViewMapper::toView).toList(), page.nextCursor());
    }
}
