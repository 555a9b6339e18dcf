package dev.uptake.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The token bucket's arithmetic, with time given in nanoseconds. */
class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldAllowTheBurstThenRefuseUntilATokenRefills() {
        TokenBucket bucket = new TokenBucket(3, 0);

        assertThat(bucket.take(0, 2, 3)).extracting(TokenBucket.Decision::allowed, TokenBucket.Decision::remaining)
                .containsExactly(true, 2);
        bucket.take(0, 2, 3);
        bucket.take(0, 2, 3);
        TokenBucket.Decision refused = bucket.take(0, 2, 3);

        assertThat(refused).extracting(TokenBucket.Decision::allowed, TokenBucket.Decision::limit,
                TokenBucket.Decision::retryAfterSeconds, TokenBucket.Decision::resetSeconds)
                .containsExactly(false, 3, 1L, 2L);
        assertThat(bucket.take(SECOND / 2, 2, 3).allowed()).isTrue();
    }

    @Test
    void shouldNeverHoldMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(2, 0);

        assertThat(bucket.take(3600 * SECOND, 1000, 2).remaining()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreAClockThatGoesBackwards() {
        TokenBucket bucket = new TokenBucket(1, 10 * SECOND);
        bucket.take(10 * SECOND, 1, 1);

        assertThat(bucket.take(5 * SECOND, 1, 1).allowed()).isFalse();
        assertThat(bucket.take(11 * SECOND, 1, 1).allowed()).isTrue();
    }
}
