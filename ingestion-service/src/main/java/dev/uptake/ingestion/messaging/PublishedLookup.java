package dev.uptake.ingestion.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.uptake.contracts.CloudEventHeaders;
import dev.uptake.contracts.PartitionKeys;
import dev.uptake.kit.reactive.CallerContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Whether events whose claims were left behind (by a process that died mid-request, or a request that failed after
 * handing them to Kafka) are on the topic after all. A claim made at {@code claimedAt} had its events handed to the
 * producer within the publish timeout and settled within the producer's delivery timeout, so each partition is read
 * only over that window, by record timestamp, and matched on the CloudEvents id and the tenant in the key.
 */
@ApplicationScoped
public class PublishedLookup {

    /** Clock skew between the claim's time and the record's, and the sending thread's queue, each way. */
    static final Duration MARGIN = Duration.ofSeconds(2);
    /**
     * Replicas' clocks differ, so a record stamped a little past the window may come before one inside it: a
     * partition is read until a record is stamped this far past the window.
     */
    static final Duration PAST_WINDOW = Duration.ofSeconds(5);
    /**
     * A lookup not done by then gives up (the request is answered 503): well within the gateway's 10 s, and within
     * the 30 s after which another retry may take the same claim over and look, and publish, alongside this one.
     */
    static final Duration READ_LIMIT = Duration.ofSeconds(5);

    /** One event to look for: its tenant, messageId and when each attempt on its claim began. */
    public record Wanted(String tenantId, String messageId, List<Instant> attempts) {
        /** How {@link #find} names it. */
        public String key() {
            return tenantId + '/' + messageId;
        }
    }

    private final String bootstrapServers;
    private final String topic;
    private final Duration sendWindow;

    public PublishedLookup(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "mp.messaging.outgoing." + EventPublisher.CHANNEL + ".topic") String topic,
            @ConfigProperty(name = "uptake.ingestion.publish-timeout") Duration publishTimeout,
            @ConfigProperty(name = "mp.messaging.outgoing." + EventPublisher.CHANNEL + ".max.block.ms") long maxBlockMs,
            @ConfigProperty(name = "mp.messaging.outgoing." + EventPublisher.CHANNEL + ".delivery.timeout.ms")
            long deliveryTimeoutMs) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.sendWindow = publishTimeout.plusMillis(maxBlockMs + deliveryTimeoutMs);
    }

    /**
     * Where each wanted event is on the topic, keyed {@code tenant/messageId}; absent when it is not there. Fails when
     * the topic cannot be read (the broker is away): then nobody can tell, and nothing may be published again.
     */
    public Uni<Map<String, EventPublisher.Position>> find(List<Wanted> wanted) {
        if (wanted.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return CallerContext.resumeOnCaller(Uni.createFrom().item(() -> scan(wanted))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    private Map<String, EventPublisher.Position> scan(List<Wanted> wanted) {
        Map<String, Set<String>> tenantsByMessageId = wanted.stream().collect(Collectors.groupingBy(Wanted::messageId,
                Collectors.mapping(Wanted::tenantId, Collectors.toSet())));
        Map<String, EventPublisher.Position> found = new HashMap<>();
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (Instant[] window : windows(wanted)) {
                Map<TopicPartition, Long> starts = new HashMap<>();
                partitions.forEach(partition -> starts.put(partition, window[0].toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> firsts = consumer.offsetsForTimes(starts);
                for (TopicPartition partition : partitions) {
                    OffsetAndTimestamp first = firsts.get(partition);
                    if (first != null && first.offset() < ends.get(partition)) {
                        read(consumer, partition, first.offset(), ends.get(partition), window[1], deadline,
                                tenantsByMessageId, found);
                    }
                }
            }
        }
        return found;
    }

    /** The spans in which any attempt can have sent its events, overlapping ones merged, in time order. */
    List<Instant[]> windows(List<Wanted> wanted) {
        List<Instant> starts = wanted.stream().flatMap(w -> w.attempts().stream()).sorted().toList();
        List<Instant[]> windows = new java.util.ArrayList<>();
        for (Instant start : starts) {
            Instant from = start.minus(MARGIN);
            Instant to = start.plus(sendWindow).plus(MARGIN);
            Instant[] last = windows.isEmpty() ? null : windows.get(windows.size() - 1);
            if (last != null && !from.isAfter(last[1])) {
                last[1] = to.isAfter(last[1]) ? to : last[1];
            } else {
                windows.add(new Instant[] {from, to});
            }
        }
        return windows;
    }

    private static void read(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long offset, long end,
            Instant to, long deadline, Map<String, Set<String>> tenantsByMessageId,
            Map<String, EventPublisher.Position> found) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, offset);
        while (consumer.position(partition) < end) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("could not read " + partition + " up to offset " + end + " in time");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() >= end || record.timestamp() > to.plus(PAST_WINDOW).toEpochMilli()) {
                    return;
                }
                Header id = record.headers().lastHeader(CloudEventHeaders.ID);
                String messageId = id == null ? null : new String(id.value(), StandardCharsets.UTF_8);
                Set<String> tenants = messageId == null ? null : tenantsByMessageId.get(messageId);
                String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                if (tenants != null) {
                    for (String tenant : tenants) {
                        if (key.startsWith(PartitionKeys.of(tenant, ""))) {
                            found.putIfAbsent(tenant + '/' + messageId,
                                    new EventPublisher.Position(record.partition(), record.offset()));
                        }
                    }
                }
            }
        }
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // A broker that is away fails the lookup within READ_LIMIT rather than the client's default minute.
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "1500");
        properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "1500");
        return properties;
    }
}
