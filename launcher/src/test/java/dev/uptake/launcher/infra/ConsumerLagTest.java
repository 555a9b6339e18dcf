package dev.uptake.launcher.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerLagTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldCountWhatTheGroupHasNotCommittedOnEveryPartition() throws Exception {
        try (KafkaBroker broker = KafkaBroker.forTests(dataDir).start();
                ConsumerLag lag = new ConsumerLag(broker.bootstrapServers())) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("events", 2, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("events", 0, "k", "p0-" + i)).get();
                }
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>("events", 1, "k", "p1-" + i)).get();
                }
            }

            assertThat(lag.of("readers", "events")).as("nothing committed").isEqualTo(8);

            commit(broker, Map.of(new TopicPartition("events", 0), 2L, new TopicPartition("events", 1), 3L));
            assertThat(lag.of("readers", "events")).as("three left on partition 0").isEqualTo(3);

            commit(broker, Map.of(new TopicPartition("events", 0), 5L));
            assertThat(lag.of("readers", "events")).as("all applied").isZero();
        }
    }

    private static void commit(KafkaBroker broker, Map<TopicPartition, Long> offsets) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
                "readers"), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(offsets.keySet());
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            offsets.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
            consumer.commitSync(commits, Duration.ofSeconds(10));
        }
    }
}
