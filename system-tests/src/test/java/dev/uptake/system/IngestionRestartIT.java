package dev.uptake.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.uptake.launcher.Service;

/**
 * Ingestion stopped and started again while clients send batches and retry what was not answered 200, as an SDK does:
 * every event must be counted once, neither lost with the stopping process nor published twice by a retry. Killed
 * instead (SIGKILL), it fails: events Kafka took but ingestion never archived are published again by the retries
 * (6,101 counted of 6,001, twice by hand), the limit the ingestion README states.
 */
class IngestionRestartIT {

    @Test
    void shouldCountEveryEventOnceWhenIngestionRestartsUnderLoad() throws Exception {
        RunningSuite.suite();
        RetryingSender clients = new RetryingSender("restarted-" + UUID.randomUUID(), 4, 30, 50);
        await().atMost(Duration.ofSeconds(60)).until(() -> clients.answered() >= 8);
        int beforeRestart = clients.answered();
        RunningSuite.suite().restart(Service.INGESTION);
        int throughRestart = clients.answered();
        clients.awaitAllAnswered();

        // The restart fell inside the load: batches were still to go after it, and clients met it and retried.
        assertThat(beforeRestart).isLessThanOrEqualTo(throughRestart);
        assertThat(throughRestart).isLessThan(clients.batches());
        assertThat(clients.refused()).isPositive();
        clients.awaitCountedOnce();
    }
}
