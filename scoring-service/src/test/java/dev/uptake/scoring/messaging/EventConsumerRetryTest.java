package dev.uptake.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;

import io.smallrye.mutiny.Uni;

class EventConsumerRetryTest {

    private static final Duration QUICK = Duration.ofMillis(1);

    @Test
    void shouldWaitForStorageThatIsAwayLongerThanAnyRetryLimit() {
        AtomicInteger attempts = new AtomicInteger();
        Uni<String> apply = Uni.createFrom().item(() -> {
            if (attempts.incrementAndGet() <= 60) {
                throw new MongoSocketReadException("connection refused", new ServerAddress());
            }
            return "applied";
        });

        assertThat(EventConsumer.retried(apply, QUICK, QUICK, 20).await().atMost(Duration.ofSeconds(30)))
                .isEqualTo("applied");
        assertThat(attempts).hasValue(61);
    }

    @Test
    void shouldGiveUpOnABatchThatFailsForAnyOtherReason() {
        AtomicInteger attempts = new AtomicInteger();
        Uni<String> apply = Uni.createFrom().item(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("cannot be applied");
        });

        assertThatThrownBy(() -> EventConsumer.retried(apply, QUICK, QUICK, 20).await().atMost(Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(attempts).hasValue(21);
    }
}
