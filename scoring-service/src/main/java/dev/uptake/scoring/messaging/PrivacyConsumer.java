package dev.uptake.scoring.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uptake.contracts.PrivacyRequest;
import dev.uptake.scoring.service.PrivacyService;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code uptake.privacy.v1}. An unreadable request is nacked straight to
 * {@code uptake.privacy.v1.scoring.dlq}; a storage failure is retried first. Handling is idempotent.
 */
@ApplicationScoped
public class PrivacyConsumer {

    private final ObjectMapper mapper;
    private final PrivacyService privacy;

    public PrivacyConsumer(ObjectMapper mapper, PrivacyService privacy) {
        this.mapper = mapper;
        this.privacy = privacy;
    }

    @Incoming("privacy")
    public Uni<Void> consume(String value) {
        PrivacyRequest request;
        try {
            request = read(value);
        } catch (Exception e) {
            Log.warnf("Dead-lettering an unreadable privacy request: %s", e.getMessage());
            return Uni.createFrom().failure(e);
        }
        return privacy.handle(request)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(10);
    }

    private PrivacyRequest read(String value) throws Exception {
        if (value == null) {
            throw new IllegalArgumentException("empty record");
        }
        PrivacyRequest request = mapper.readValue(value, PrivacyRequest.class);
        if (request.schemaVersion() != PrivacyRequest.SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schemaVersion " + request.schemaVersion());
        }
        if (request.tenantId() == null || request.requestId() == null || request.type() == null) {
            throw new IllegalArgumentException("tenantId, requestId and type are required");
        }
        return request;
    }
}
