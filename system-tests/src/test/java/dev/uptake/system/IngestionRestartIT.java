package dev.uptake.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.uptake.launcher.Service;

/**
 * Ingestion stopped and started again while clients send batches and retry what was not answered 200, as an SDK does:
 * every event must be counted once, neither lost with the stopping process nor published twice by a retry. Stopped
 * (SIGTERM), it finishes what it took; killed (SIGKILL), it leaves claims behind whose events Kafka may already hold,
 * and the retries that take them over must find those rather than publish them again (before they did: 6,101 counted
 * of 6,001, twice of two; since, the lookup found 100 such events in two full system-test runs of three).
 */
class IngestionRestartIT {

    @ParameterizedTest(name = "killed: {0}")
    @ValueSource(booleans = {false, true})
    void shouldCountEveryEventOnceWhenIngestionRestartsUnderLoad(boolean killed) throws Exception {
        RunningSuite.suite();
        RetryingSender clients = new RetryingSender("restarted-" + UUID.randomUUID(), 4, 30, 50);
        await().atMost(Duration.ofSeconds(60)).until(() -> clients.answered() >= 8);
        int beforeRestart = clients.answered();
        if (killed) {
            RunningSuite.suite().restartAfterCrash(Service.INGESTION);
        } else {
            RunningSuite.suite().restart(Service.INGESTION);
        }
        int throughRestart = clients.answered();
        clients.awaitAllAnswered();

        // The restart fell inside the load: batches were still to go after it, and clients met it and retried.
        assertThat(beforeRestart).isLessThanOrEqualTo(throughRestart);
        assertThat(throughRestart).isLessThan(clients.batches());
        assertThat(clients.refused()).isPositive();
        clients.awaitCountedOnce();
    }
}
