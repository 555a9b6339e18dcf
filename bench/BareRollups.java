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
 * The floor of M4's architecture, in bare code: a plain consumer (scoring-service's poll size) that keeps the least
 * an exact rollup in MongoDB can be — per poll, each account-day's and each user-day's count of each event name, merged
 * in memory and written as one unordered bulk of $inc upserts per collection. No idempotence, segments, months,
 * summaries, sessions or signals. Whatever it reaches against BareConsumer.java on the same cores and the same Mongo
 * server bounds what any implementation of scoring's rollups can reach there.
 *
 * <pre>java -cp CLASSPATH BareRollups.java BOOTSTRAP TOPIC MONGODB_URI [FLUSH_MS]</pre>
 * With FLUSH_MS, the counts of every poll within that many milliseconds are merged before one write (and commit):
 * the design that trades freshness for fewer writes. Prints key=value lines on stdout; drops its database when done.
 */
public class BareRollups {

    public static void main(String[] args) throws Exception {
        String topic = args[1];
        long flushNanos = args.length > 3 ? Long.parseLong(args[3]) * 1_000_000 : 0;
        Properties properties = new Properties();
        properties.put("bootstrap.servers", args[0]);
        properties.put("group.id", "bench-rollups-" + UUID.randomUUID());
        properties.put("auto.offset.reset", "earliest");
        properties.put("enable.auto.commit", "false");
        properties.put("max.poll.records", "6000");
        properties.put("max.partition.fetch.bytes", "3145728");
        properties.put("fetch.max.wait.ms", "100");
        properties.put("key.deserializer", StringDeserializer.class.getName());
        properties.put("value.deserializer", StringDeserializer.class.getName());
        ObjectMapper json = new ObjectMapper();
        String database = "bench_rollups_" + UUID.randomUUID().toString().replace("-", "");
        long read = 0;
        long writes = 0;
        long start = System.nanoTime();
        try (MongoClient mongo = MongoClients.create(args[2]);
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            MongoCollection<Document> accountDays = mongo.getDatabase(database).getCollection("account_days");
            MongoCollection<Document> userDays = mongo.getDatabase(database).getCollection("user_days");
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
            long target = partitions.stream().mapToLong(p -> ends.get(p) - begins.get(p)).sum();
            Map<String, Map<String, Integer>> perAccountDay = new HashMap<>();
            Map<String, Map<String, Integer>> perUserDay = new HashMap<>();
            long merging = System.nanoTime();
            while (read < target) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> record : records) {
                    read++;
                    JsonNode event = json.readTree(record.value());
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
                if (read < target && System.nanoTime() - merging < flushNanos) {
                    continue;
                }
                writes += upsert(accountDays, perAccountDay) + upsert(userDays, perUserDay);
                consumer.commitSync();
                perAccountDay.clear();
                perUserDay.clear();
                merging = System.nanoTime();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("rollups_records=%d%nrollups_upserts=%d%nrollups_seconds=%.2f%nrollups_rate=%.0f%n", read,
                    writes, seconds, read / seconds);
            mongo.getDatabase(database).drop();
        }
    }

    static void count(Map<String, Map<String, Integer>> rollups, String key, String event) {
        rollups.computeIfAbsent(key, ignored -> new HashMap<>()).merge(event, 1, Integer::sum);
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
}
