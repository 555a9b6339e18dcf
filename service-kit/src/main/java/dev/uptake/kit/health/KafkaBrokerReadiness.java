package dev.uptake.kit.health;

import java.time.Duration;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Readiness of the Kafka brokers, asked on every probe with a short timeout, so the service turns DOWN within a couple
 * of seconds of losing the broker and UP again as soon as it is back. Active only where {@code uptake.kafka.readiness}
 * is true (services that use Kafka).
 */
@Readiness
@ApplicationScoped
@io.quarkus.arc.properties.IfBuildProperty(name = "uptake.kafka.readiness", stringValue = "true")
public class KafkaBrokerReadiness implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    private final Admin admin;

    public KafkaBrokerReadiness(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().completionStage(() -> admin.describeCluster(new DescribeClusterOptions()
                .timeoutMs((int) TIMEOUT.toMillis())).nodes().toCompletionStage())
                .map(nodes -> HealthCheckResponse.named("Kafka brokers").withData("nodes", nodes.size())
                        .status(!nodes.isEmpty()).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("Kafka brokers").down()
                        .withData("reason", String.valueOf(failure.getMessage())).build());
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
