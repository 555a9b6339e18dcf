package dev.uptake.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.uptake.launcher.Service;

/**
 * scoring-service killed (SIGKILL) while it applies a stream of events, and started again: it takes up from its last
 * committed offsets, so it applies some events a second time, and must still count each one once. With the
 * watermarks ignored it fails (34,601 counted of 30,001, by hand).
 */
class ScoringCrashIT {

    @Test
    void shouldCountEveryEventOnceWhenScoringIsKilledMidStream() throws Exception {
        RunningSuite.suite();
        RetryingSender clients = new RetryingSender("crashed-" + UUID.randomUUID(), 2, 150, 100);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> clients.counted() > 0);
        int countedAtCrash = clients.counted();
        RunningSuite.suite().restartAfterCrash(Service.SCORING);
        clients.awaitAllAnswered();

        // The crash fell inside the stream: scoring had applied part of it.
        assertThat(countedAtCrash).isPositive().isLessThan(clients.events());
        clients.awaitCountedOnce();
        // And the restarted service did meet events it had applied before the crash, and skipped them.
        assertThat(skippedSinceStart()).isPositive();
    }

    /** Events scoring-service skipped as applied before, since it last started (its own Prometheus counter). */
    private static double skippedSinceStart() {
        String metrics = given().baseUri("http://localhost:"
                + RunningSuite.suite().options().servicePorts().get(Service.SCORING))
                .when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("uptake_scoring_events_skipped_total "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).sum();
    }
}
