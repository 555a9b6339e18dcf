package dev.uptake.ingestion.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import dev.uptake.contracts.PrivacyRequest;
import dev.uptake.kit.messaging.CloudEventRecords;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Tells the other services to delete what they derived from the users of a privacy request. */
@ApplicationScoped
public class PrivacyPublisher {

    private final MutinyEmitter<PrivacyRequest> emitter;

    public PrivacyPublisher(@Channel("privacy-out") MutinyEmitter<PrivacyRequest> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(PrivacyRequest request) {
        return emitter.sendMessage(CloudEventRecords.message(request, request.partitionKey(), request.requestId(),
                PrivacyRequest.CLOUD_EVENT_TYPE, EventPublisher.SOURCE, request.requestedAt()));
    }
}
