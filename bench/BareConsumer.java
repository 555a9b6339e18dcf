import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;

/**
 * The references for scoring throughput (M4). A plain Kafka consumer in a new group reads the topic from the beginning
 * to the end offsets seen at start and parses each TrackedEvent.
 * <ul>
 * <li>Without a Mongo URI it counts events per account in memory (max.poll.records 2000, fetch.max.wait.ms 100): no
 * storage, so it is the ceiling. Prints bare_* lines.</li>
 * <li>With one it is the architecture's floor: the least an exact rollup in MongoDB can be. With scoring-service's
 * poll size, it merges each poll's events into one count per account-day and user-day by event name and writes them
 * as one unordered bulk of $inc upserts per collection, then commits. No idempotence, months, summaries, sessions,
 * segments or signals. With FLUSH_MS, the polls within that many milliseconds are merged before one write (and
 * commit): the design that trades freshness for fewer writes. Prints rollups_* lines; drops its database when done.</li>
 * </ul>
 *
 * <pre>java -cp KAFKA_TOOLS_CLASSPATH BareConsumer.java BOOTSTRAP TOPIC [MONGODB_URI [FLUSH_MS]]</pre>
 */
public class BareConsumer {

    public static void main(String[] args) throws Exception {
        String topic = args[1];
        boolean rollups = args.length > 2;
        long flushNanos = args.length > 3 ? Long.parseLong(args[3]) * 1_000_000 : 0;
        Properties properties = new Properties();
        properties.put("bootstrap.servers", args[0]);
        properties.put("group.id", "bench-bare-" + UUID.randomUUID());
        properties.put("auto.offset.reset", "earliest");
        properties.put("enable.auto.commit", "false");
        properties.put("max.poll.records", rollups ? "6000" : "2000");
        if (rollups) {
            properties.put("max.partition.fetch.bytes", "3145728");
        }
        properties.put("fetch.max.wait.ms", "100");
        properties.put("key.deserializer", StringDeserializer.class.getName());
        properties.put("value.deserializer", StringDeserializer.class.getName());
        ObjectMapper json = new ObjectMapper();
        Map<String, Long> perAccount = new HashMap<>();
        Rollups written = rollups ? new Rollups(args[2]) : null;
        long start = System.nanoTime();
        long read = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
            long target = partitions.stream().mapToLong(p -> ends.get(p) - begins.get(p)).sum();
            long merging = System.nanoTime();
            while (read < target) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> record : records) {
                    read++;
                    JsonNode event = json.readTree(record.value());
                    if (written != null) {
                        written.count(event);
                    } else if (event.hasNonNull("accountId")) {
                        perAccount.merge(event.get("accountId").asText(), 1L, Long::sum);
                    }
                }
                if (written == null || (read < target && System.nanoTime() - merging < flushNanos)) {
                    continue;
                }
                written.write();
                consumer.commitSync();
                merging = System.nanoTime();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (written == null) {
            System.out.printf("bare_records=%d%nbare_accounts=%d%nbare_seconds=%.2f%nbare_rate=%.0f%n", read,
                    perAccount.size(), seconds, read / seconds);
        } else {
            System.out.printf("rollups_records=%d%nrollups_upserts=%d%nrollups_seconds=%.2f%nrollups_rate=%.0f%n",
                    read, written.upserts, seconds, read / seconds);
            written.close();
        }
    }

    /** Account-day and user-day counts by event name, merged in memory until written. */
    static final class Rollups {
        final String database = "bench_rollups_" + UUID.randomUUID().toString().replace("-", "");
        final MongoClient mongo;
        final MongoCollection<Document> accountDays;
        final MongoCollection<Document> userDays;
        final Map<String, Map<String, Integer>> perAccountDay = new HashMap<>();
        final Map<String, Map<String, Integer>> perUserDay = new HashMap<>();
        long upserts;

        Rollups(String uri) {
            mongo = MongoClients.create(uri);
            accountDays = mongo.getDatabase(database).getCollection("account_days");
            userDays = mongo.getDatabase(database).getCollection("user_days");
        }

        void count(JsonNode event) {
            String timestamp = event.path("timestamp").asText("");
            String day = timestamp.length() >= 10 ? timestamp.substring(0, 10) : timestamp;
            String name = event.path("event").asText("");
            String tenant = event.path("tenantId").asText();
            if (event.hasNonNull("accountId")) {
                count(perAccountDay, tenant + "|" + event.get("accountId").asText() + "|" + day, name);
            }
            if (event.hasNonNull("userId")) {
                count(perUserDay, tenant + "|" + event.get("userId").asText() + "|" + day, name);
            }
        }

        static void count(Map<String, Map<String, Integer>> rollups, String key, String event) {
            rollups.computeIfAbsent(key, ignored -> new HashMap<>()).merge(event, 1, Integer::sum);
        }

        void write() {
            upserts += upsert(accountDays, perAccountDay) + upsert(userDays, perUserDay);
            perAccountDay.clear();
            perUserDay.clear();
        }

        static int upsert(MongoCollection<Document> collection, Map<String, Map<String, Integer>> rollups) {
            if (rollups.isEmpty()) {
                return 0;
            }
            List<WriteModel<Document>> updates = new ArrayList<>(rollups.size());
            UpdateOptions upsert = new UpdateOptions().upsert(true);
            rollups.forEach((id, counts) -> {
                Document increments = new Document("total", counts.values().stream().mapToInt(Integer::intValue).sum());
                counts.forEach((event, n) -> increments.append("events." + event, n));
                updates.add(new UpdateOneModel<>(new Document("_id", id), new Document("$inc", increments), upsert));
            });
            collection.bulkWrite(updates, new BulkWriteOptions().ordered(false));
            return updates.size();
        }

        void close() {
            mongo.getDatabase(database).drop();
            mongo.close();
        }
    }
}
