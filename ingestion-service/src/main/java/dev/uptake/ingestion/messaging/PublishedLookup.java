package dev.uptake.ingestion.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.uptake.contracts.CloudEventHeaders;
import dev.uptake.contracts.PartitionKeys;
import dev.uptake.ingestion.config.IngestionConfig;
import dev.uptake.kit.reactive.CallerContext;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Whether events whose claims were left behind (by a process that died mid-request, or a request that failed after
 * Kafka's acknowledgement) are on the topic after all. An attempt hands its events to the producer within
 * {@code uptake.ingestion.claim-send-limit} of its claim, and the producer stamps each record when it is handed over, so
 * only the partition each event's key goes to is read, and only over those windows, by record timestamp. A record
 * matches on the CloudEvents id and the tenant in its key.
 * <p>
 * Lookups are rare (takeovers only) and run one at a time on a thread of their own with one long-lived consumer, so
 * a burst of retries after a crash neither opens a consumer per request nor takes the worker pool.
 */
@ApplicationScoped
public class PublishedLookup {

    /** Clock skew between a claim's time and its records' stamps, and the sending thread's queue, each way. */
    static final Duration MARGIN = Duration.ofSeconds(2);
    /**
     * Replicas' clocks differ, so a record stamped a little past a window may come before one inside it: a
     * partition is read until a record is stamped this far past the window.
     */
    static final Duration PAST_WINDOW = Duration.ofSeconds(5);
    /**
     * A lookup not done this long after it was asked for (its wait behind others included) fails, and its request
     * is answered 503: within the gateway's 10 s, and well within the time after which another retry may take the
     * same claim over.
     */
    static final Duration READ_LIMIT = Duration.ofSeconds(5);
    /** Windows closer than this are read as one span (see {@link #windows}). */
    static final Duration MERGE_GAP = Duration.ofSeconds(60);

    /** One event to look for: its tenant, messageId, record key and when each attempt on its claim began. */
    public record Wanted(String tenantId, String messageId, String key, List<Instant> attempts) {
        /** How {@link #find} names it. */
        public String id() {
            return tenantId + '/' + messageId;
        }
    }

    private final String bootstrapServers;
    private final String topic;
    private final Duration sendWindow;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "published-lookup");
        thread.setDaemon(true);
        return thread;
    });
    /** Only touched on the reader thread. */
    private KafkaConsumer<byte[], byte[]> consumer;

    public PublishedLookup(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "mp.messaging.outgoing." + EventPublisher.CHANNEL + ".topic") String topic,
            IngestionConfig config,
            @ConfigProperty(name = "mp.messaging.outgoing." + EventPublisher.CHANNEL + ".max.block.ms") long maxBlockMs) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        // The last record of an attempt is stamped at most this long after its claim: the latest send-by time, and
        // one send blocked on a full buffer (a refusal stops the rest).
        this.sendWindow = config.claimSendLimit().plusMillis(maxBlockMs);
    }

    /**
     * Where each wanted event is on the topic, keyed by {@link Wanted#id()}; absent when it is not there. Fails when
     * the topic cannot be read in time (the broker is away): then nobody can tell, and nothing may be published again.
     */
    public Uni<Map<String, EventPublisher.Position>> find(List<Wanted> wanted) {
        if (wanted.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        return CallerContext.resumeOnCaller(Uni.createFrom().completionStage(
                () -> CompletableFuture.supplyAsync(() -> scan(wanted, deadline), reader)));
    }

    @PreDestroy
    void close() {
        reader.execute(() -> {
            if (consumer != null) {
                consumer.close(Duration.ZERO);
            }
        });
        reader.shutdown();
    }

    private Map<String, EventPublisher.Position> scan(List<Wanted> wanted, long deadline) {
        long started = System.nanoTime();
        remaining(deadline); // Waited its whole time behind other lookups: fails, leaving the consumer as it is.
        try {
            if (consumer == null) {
                consumer = new KafkaConsumer<>(properties());
            }
            int partitions = consumer.partitionsFor(topic, remaining(deadline)).size();
            Map<TopicPartition, List<Wanted>> byPartition = wanted.stream().collect(Collectors.groupingBy(
                    w -> new TopicPartition(topic, partitionOf(w.key(), partitions))));
            Map<TopicPartition, Long> ends = consumer.endOffsets(byPartition.keySet(), remaining(deadline));
            Map<String, EventPublisher.Position> found = new HashMap<>();
            long records = 0;
            for (Map.Entry<TopicPartition, List<Wanted>> entry : byPartition.entrySet()) {
                TopicPartition partition = entry.getKey();
                Map<String, List<Wanted>> byMessageId = entry.getValue().stream()
                        .collect(Collectors.groupingBy(Wanted::messageId));
                List<Instant> attempts = entry.getValue().stream().flatMap(w -> w.attempts().stream()).toList();
                for (Instant[] window : windows(attempts, sendWindow)) {
                    OffsetAndTimestamp first = consumer.offsetsForTimes(Map.of(partition, window[0].toEpochMilli()),
                            remaining(deadline)).get(partition);
                    if (first != null && first.offset() < ends.get(partition)) {
                        records += read(partition, first.offset(), ends.get(partition),
                                window[1].plus(PAST_WINDOW).toEpochMilli(), deadline, byMessageId, found);
                    }
                }
            }
            Log.infof("Looked for %d event(s) of claims left behind on %d partition(s): %d on the topic already "
                    + "(%d records read, %d ms)", wanted.size(), byPartition.size(), found.size(), records,
                    (System.nanoTime() - started) / 1_000_000);
            return found;
        } catch (RuntimeException failure) {
            // A consumer that failed mid-read may hold a half-done fetch: the next lookup starts afresh.
            if (consumer != null) {
                consumer.close(Duration.ZERO);
                consumer = null;
            }
            throw failure;
        }
    }

    /** The partition Kafka's default partitioner, which the producer uses, gives this key. */
    static int partitionOf(String key, int partitions) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
    }

    /**
     * The spans in which any attempt can have stamped its records, in time order; spans less than {@link #MERGE_GAP}
     * apart are read as one. A claim retried through an outage keeps the time of every attempt, most of which sent
     * nothing, and a seek for each would outlast {@link #READ_LIMIT}; the records between them are few, since a broker
     * that refuses sends appends nothing either.
     */
    static List<Instant[]> windows(List<Instant> attempts, Duration sendWindow) {
        List<Instant[]> windows = new ArrayList<>();
        for (Instant start : attempts.stream().sorted().toList()) {
            Instant from = start.minus(MARGIN);
            Instant to = start.plus(sendWindow).plus(MARGIN);
            Instant[] last = windows.isEmpty() ? null : windows.get(windows.size() - 1);
            if (last != null && !from.isAfter(last[1].plus(MERGE_GAP))) {
                last[1] = to.isAfter(last[1]) ? to : last[1];
            } else {
                windows.add(new Instant[] {from, to});
            }
        }
        return windows;
    }

    /** Reads {@code partition} from {@code offset} until {@code end} or a record stamped after {@code until}. */
    private long read(TopicPartition partition, long offset, long end, long until, long deadline,
            Map<String, List<Wanted>> byMessageId, Map<String, EventPublisher.Position> found) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, offset);
        long records = 0;
        while (consumer.position(partition, remaining(deadline)) < end) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(remaining(deadline))) {
                records++;
                if (record.offset() >= end || record.timestamp() > until) {
                    return records;
                }
                Header id = record.headers().lastHeader(CloudEventHeaders.ID);
                List<Wanted> candidates = id == null ? null
                        : byMessageId.get(new String(id.value(), StandardCharsets.UTF_8));
                if (candidates != null) {
                    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                    for (Wanted candidate : candidates) {
                        if (key.startsWith(PartitionKeys.of(candidate.tenantId(), ""))) {
                            found.putIfAbsent(candidate.id(),
                                    new EventPublisher.Position(record.partition(), record.offset()));
                        }
                    }
                }
            }
        }
        return records;
    }

    private static Duration remaining(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new IllegalStateException("the topic could not be read within " + READ_LIMIT);
        }
        return Duration.ofNanos(left);
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingestion-published-lookup");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "1500");
        // It reads only what is there already: a fetch left waiting for more (500 ms by default) is time lost.
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        return properties;
    }
}
