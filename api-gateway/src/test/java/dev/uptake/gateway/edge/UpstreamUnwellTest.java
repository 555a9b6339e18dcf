package dev.uptake.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;

/** The breaker counts what says an upstream is unwell, not clients that hang up. */
class UpstreamUnwellTest {

    @Test
    void shouldCountRefusedClosedAndTimedOutUpstreamsAsFailures() {
        assertThat(UpstreamProxy.upstreamUnwell(new ConnectException("refused"))).isTrue();
        assertThat(UpstreamProxy.upstreamUnwell(new TimeoutException("slow"))).isTrue();
        assertThat(UpstreamProxy.upstreamUnwell(new HttpClosedException("closed"))).isTrue();
    }

    @Test
    void shouldNotCountAClientThatWentAway() {
        assertThat(UpstreamProxy.upstreamUnwell(new StreamResetException(0))).isFalse();
        assertThat(UpstreamProxy.upstreamUnwell(new IllegalStateException("other"))).isFalse();
    }
}
