import java.time.Duration;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The reference for scoring throughput: a plain Kafka consumer in a new group reads the topic from the beginning to
 * the end offsets seen at start, parses each TrackedEvent and counts events per account in memory. Same poll
 * settings as scoring-service (max.poll.records 2000, fetch.max.wait.ms 100); no storage, so it is the ceiling.
 *
 * <pre>java -cp KAFKA_TOOLS_CLASSPATH BareConsumer.java BOOTSTRAP TOPIC</pre>
 * Prints key=value lines on stdout.
 */
public class BareConsumer {

    public static void main(String[] args) throws Exception {
        String topic = args[1];
        Properties properties = new Properties();
        properties.put("bootstrap.servers", args[0]);
        properties.put("group.id", "bench-bare-" + UUID.randomUUID());
        properties.put("auto.offset.reset", "earliest");
        properties.put("enable.auto.commit", "false");
        properties.put("max.poll.records", "2000");
        properties.put("fetch.max.wait.ms", "100");
        properties.put("key.deserializer", StringDeserializer.class.getName());
        properties.put("value.deserializer", StringDeserializer.class.getName());
        ObjectMapper json = new ObjectMapper();
        Map<String, Long> perAccount = new HashMap<>();
        long start = System.nanoTime();
        long read = 0;
        long target;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
            target = partitions.stream().mapToLong(p -> ends.get(p) - begins.get(p)).sum();
            while (read < target) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> record : records) {
                    JsonNode event = json.readTree(record.value());
                    JsonNode account = event.get("accountId");
                    if (account != null) {
                        perAccount.merge(account.asText(), 1L, Long::sum);
                    }
                    read++;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("bare_records=%d%nbare_accounts=%d%nbare_seconds=%.2f%nbare_rate=%.0f%n", read,
                perAccount.size(), seconds, read / seconds);
    }
}
