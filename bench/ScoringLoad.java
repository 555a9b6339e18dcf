import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Scoring throughput, seen from outside the service: puts TrackedEvent records of ingestion's shape straight onto
 * uptake.events.v1 (so the load costs the machine little) and times how long scoring-service takes until the account
 * API counts every one of them. Also watches the scoring-service group's lag while someone else loads the suite.
 *
 * <pre>
 * java -cp KAFKA_TOOLS_CLASSPATH ScoringLoad.java produce-and-await --events=200000 --prefix=m4-x ...
 * java -cp KAFKA_TOOLS_CLASSPATH ScoringLoad.java await --prefix=m4-y --expected=30000 ...
 * java -cp KAFKA_TOOLS_CLASSPATH ScoringLoad.java lag --seconds=25 ...
 * </pre>
 * Prints key=value lines on stdout for the calling script.
 */
public class ScoringLoad {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] EVENTS = {"Report Built", "Dashboard Viewed", "Export Downloaded", "Filter Applied",
            "Alert Created"};

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        switch (args[0]) {
            case "produce-and-await" -> produceAndAwait(options);
            case "await" -> await(options, System.nanoTime());
            case "lag" -> lag(options);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static void produceAndAwait(Map<String, String> options) throws Exception {
        int events = Integer.parseInt(options.get("events"));
        int accounts = Integer.parseInt(options.getOrDefault("accounts", "500"));
        int usersPerAccount = Integer.parseInt(options.getOrDefault("users-per-account", "20"));
        String prefix = options.get("prefix");
        String tenant = options.getOrDefault("tenant", "demo");
        long start = System.nanoTime();
        AtomicLong failed = new AtomicLong();
        long bytes = 0;
        Random random = new Random(42);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(options))) {
            for (int i = 0; i < events; i++) {
                int account = random.nextInt(accounts);
                String accountId = prefix + "-a" + account;
                String userId = prefix + "-u" + (account * usersPerAccount + random.nextInt(usersPerAccount));
                String messageId = prefix + "-" + i;
                String now = Instant.now().toString();
                String value = trackedEvent(tenant, messageId, userId, accountId, EVENTS[i % EVENTS.length], i, now);
                bytes += value.length();
                RecordHeaders headers = new RecordHeaders();
                header(headers, "ce_id", messageId);
                header(headers, "ce_type", "dev.uptake.event.tracked.v1");
                header(headers, "ce_source", "/uptake/bench");
                header(headers, "ce_time", now);
                header(headers, "ce_specversion", "1.0");
                producer.send(new ProducerRecord<>(options.getOrDefault("topic", "uptake.events.v1"), null,
                        tenant + "/" + accountId, value, headers), (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        double produced = seconds(start);
        System.out.printf("produced=%d%nproduce_failed=%d%nproduce_seconds=%.2f%nproduce_rate=%.0f%nrecord_bytes=%d%n",
                events, failed.get(), produced, events / produced, bytes / events);
        options.put("expected", Integer.toString(events));
        await(options, start);
    }

    /** The record ingestion publishes for a Segment track call with a groupId (NON_NULL fields only). */
    static String trackedEvent(String tenant, String messageId, String userId, String accountId, String event, int i,
            String now) {
        return "{\"schemaVersion\":1,\"tenantId\":\"" + tenant + "\",\"messageId\":\"" + messageId
                + "\",\"type\":\"track\",\"userId\":\"" + userId + "\",\"accountId\":\"" + accountId
                + "\",\"event\":\"" + event + "\",\"properties\":{\"rows\":" + (i % 100)
                + ",\"format\":\"csv\"},\"context\":{\"groupId\":\"" + accountId
                + "\",\"library\":{\"name\":\"uptake-bench\",\"version\":\"1.0\"}},\"timestamp\":\"" + now
                + "\",\"originalTimestamp\":\"" + now + "\",\"sentAt\":\"" + now + "\",\"receivedAt\":\"" + now
                + "\",\"historical\":false}";
    }

    /**
     * Polls the account list until the prefix's accounts count {@code expected} events; times from {@code start}.
     * Also samples the scoring-service group's lag (committed offsets, so it trails by up to the commit interval).
     */
    static void await(Map<String, String> options, long start) throws Exception {
        long expected = Long.parseLong(options.get("expected"));
        String prefix = options.get("prefix") + "-";
        Duration timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout", "240")));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long counted = -1;
        long firstCounted = -1;
        double firstSeconds = -1;
        long maxLag = 0;
        try (Admin admin = Admin.create(adminProperties(options))) {
            while (seconds(start) < timeout.toSeconds()) {
                counted = countedEvents(http, options, prefix);
                if (firstCounted < 0) {
                    firstCounted = counted;
                }
                if (firstSeconds < 0 && counted > firstCounted) {
                    firstSeconds = seconds(start);
                }
                if (counted >= expected) {
                    break;
                }
                maxLag = Math.max(maxLag, lag(admin, options));
                Thread.sleep(Long.parseLong(options.getOrDefault("poll-ms", "500")));
            }
        }
        double applied = seconds(start);
        boolean complete = counted >= expected;
        System.out.printf("expected=%d%ncounted_at_start=%d%ncounted=%d%ncomplete=%s%n", expected, firstCounted,
                counted, complete);
        // When scoring stalls, the rate of what it did count still says something; the caller reports both.
        System.out.printf("first_counted_seconds=%.2f%napplied_seconds=%.2f%nscoring_rate=%.0f%ncounted_rate=%.0f%n"
                + "max_committed_lag=%d%n", firstSeconds, applied, complete ? expected / applied : 0.0,
                (counted - Math.max(0, firstCounted)) / applied, maxLag);
    }

    /** Sum of eventCount over the tenant's accounts whose id starts with {@code prefix}, paging the list. */
    static long countedEvents(HttpClient http, Map<String, String> options, String prefix) throws Exception {
        long sum = 0;
        String cursor = null;
        do {
            String url = options.get("url") + "/v1/accounts?limit=200&sort=accountId"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + options.get("read-key")).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /v1/accounts answered " + response.statusCode());
            }
            JsonNode page = JSON.readTree(response.body());
            for (JsonNode account : page.path("items")) {
                if (account.path("accountId").asText().startsWith(prefix)) {
                    sum += account.path("eventCount").asLong();
                }
            }
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        return sum;
    }

    /**
     * Samples every second, for --seconds and then until scoring has handled every record (or --settle-timeout):
     * the group's committed lag, and how many records scoring has not yet handled, from its own counters (applied,
     * skipped and dead-lettered events, counted once a batch is stored). The load is taken to have stopped at the last
     * sample whose end offsets grew; the catch-up is timed from there.
     */
    static void lag(Map<String, String> options) throws Exception {
        long seconds = Long.parseLong(options.get("seconds"));
        long settleTimeout = Long.parseLong(options.getOrDefault("settle-timeout", "180"));
        String metrics = options.getOrDefault("scoring-metrics", "http://127.0.0.1:8082/q/metrics");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Long> committedLag = new java.util.ArrayList<>();
        List<Long> behind = new java.util.ArrayList<>();
        long lastEnd = -1;
        double loadStopped = 0;
        double caughtUp = -1;
        long behindAtStop = 0;
        try (Admin admin = Admin.create(adminProperties(options))) {
            long start = System.nanoTime();
            while (seconds(start) < seconds + settleTimeout) {
                double at = seconds(start);
                long[] offsets = offsets(admin, options);
                long notHandled = offsets[0] - handled(http, metrics);
                if (offsets[0] > lastEnd) {
                    lastEnd = offsets[0];
                    loadStopped = at;
                    behindAtStop = notHandled;
                    caughtUp = -1;
                } else if (caughtUp < 0 && notHandled <= 0) {
                    caughtUp = at;
                }
                if (at < seconds || caughtUp < 0) {
                    committedLag.add(offsets[0] - offsets[1]);
                    behind.add(notHandled);
                }
                if (at >= seconds && caughtUp >= 0) {
                    break;
                }
                // At each whole second from the start: under load a sample itself can take a second or more.
                double now = seconds(start);
                Thread.sleep((long) ((Math.floor(now) + 1 - now) * 1000));
            }
        }
        System.out.printf("lag_samples=%s%nlag_max=%d%nbehind_samples=%s%nbehind_max=%d%nbehind_at_load_stop=%d%n"
                + "caught_up_seconds=%s%n",
                joined(committedLag), committedLag.stream().mapToLong(Long::longValue).max().orElse(0),
                joined(behind), behind.stream().mapToLong(Long::longValue).max().orElse(0),
                behindAtStop,
                caughtUp < 0 ? "never" : String.format("%.0f", caughtUp - loadStopped));
    }

    static String joined(List<Long> samples) {
        return samples.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Events scoring-service has handled since it started: applied, skipped as seen before, or dead-lettered. */
    static long handled(HttpClient http, String metrics) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metrics))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("uptake_scoring_events_applied_total ")
                    || line.startsWith("uptake_scoring_events_skipped_total ")
                    || line.startsWith("uptake_scoring_events_dead_lettered_total ")) {
                sum += Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    /** Records of the topic not yet committed by the scoring-service group. */
    static long lag(Admin admin, Map<String, String> options) throws Exception {
        long[] offsets = offsets(admin, options);
        return offsets[0] - offsets[1];
    }

    /** The topic's end offsets and the scoring-service group's committed offsets, each summed over partitions. */
    static long[] offsets(Admin admin, Map<String, String> options) throws Exception {
        String topic = options.getOrDefault("topic", "uptake.events.v1");
        Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets(options.getOrDefault("group", "scoring-service"))
                .partitionsToOffsetAndMetadata().get();
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long ends = 0;
        long done = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata position = committed.get(end.getKey());
            ends += end.getValue().offset();
            done += position == null ? 0 : position.offset();
        }
        return new long[] {ends, done};
    }

    /** The producer settings ingestion-service uses. */
    static Properties producerProperties(Map<String, String> options) {
        Properties properties = adminProperties(options);
        properties.put("acks", "all");
        properties.put("enable.idempotence", "true");
        properties.put("compression.type", "lz4");
        properties.put("linger.ms", "5");
        properties.put("key.serializer", StringSerializer.class.getName());
        properties.put("value.serializer", StringSerializer.class.getName());
        return properties;
    }

    static Properties adminProperties(Map<String, String> options) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", options.get("bootstrap"));
        return properties;
    }

    static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].replaceFirst("^--", "").split("=", 2);
            options.put(pair[0], pair[1]);
        }
        return options;
    }
}
