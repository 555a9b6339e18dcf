package dev.uptake.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.uptake.gateway.TokenBucket;

class RejectionDelayTest {

    @Test
    void shouldHoldA429BackByTheConfiguredDelayButNeverBeyondItsRetryAfter() {
        assertThat(ApiGateway.rejectionDelayMillis(Duration.ofSeconds(1), refused(5))).isEqualTo(1_000);
        assertThat(ApiGateway.rejectionDelayMillis(Duration.ofSeconds(3), refused(2))).isEqualTo(2_000);
        assertThat(ApiGateway.rejectionDelayMillis(Duration.ZERO, refused(1))).isZero();
    }

    private static TokenBucket.Decision refused(long retryAfterSeconds) {
        return new TokenBucket.Decision(false, 10, 0, retryAfterSeconds, retryAfterSeconds);
    }
}
