package dev.uptake.kit.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.uptake.contracts.CloudEventHeaders;
import dev.uptake.contracts.json.IsoInstants;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Outgoing records as every Uptake producer writes them: a key that fixes ordering and CloudEvents headers. */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    public static <T> Message<T> message(T payload, String key, String id, String type, String source, Instant time) {
        return message(payload, key, id, type, source, time, new RecordHeaders());
    }

    /** As {@link #message(Object, String, String, String, String, Instant)}, adding to {@code headers}. */
    public static <T> Message<T> message(T payload, String key, String id, String type, String source, Instant time,
            RecordHeaders headers) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key)
                .withHeaders(withCloudEvent(headers, id, type, source, time)).build());
    }

    /** The same record for a plain Kafka producer, for callers that send many at once without the emitter. */
    public static <T> ProducerRecord<String, T> record(String topic, T payload, String key, String id, String type,
            String source, Instant time, RecordHeaders headers) {
        return new ProducerRecord<>(topic, null, key, payload, withCloudEvent(headers, id, type, source, time));
    }

    private static RecordHeaders withCloudEvent(RecordHeaders headers, String id, String type, String source,
            Instant time) {
        headers.add(CloudEventHeaders.ID, bytes(id));
        headers.add(CloudEventHeaders.TYPE, bytes(type));
        headers.add(CloudEventHeaders.SOURCE, bytes(source));
        headers.add(CloudEventHeaders.TIME, bytes(IsoInstants.format(time)));
        headers.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_VALUE));
        return headers;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
