package dev.uptake.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.uptake.launcher.Service;

/**
 * Ingestion stopped and started again while clients send batches and retry what was not answered 200, as an SDK does:
 * every event must be counted once, neither lost with the stopping process nor published twice by a retry. Killed
 * instead (SIGKILL), it fails: events Kafka took but ingestion never archived are published again by the retries
 * (6,101 counted of 6,001, twice by hand), the limit the ingestion README states.
 */
class IngestionRestartIT {

    private static final int SENDERS = 4;
    private static final int BATCHES = 30;
    private static final int EVENTS_PER_BATCH = 50;

    /** HTTP/2 (h2c), the JDK client's default: the senders' calls are streams of one connection. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    @Test
    void shouldCountEveryEventOnceWhenIngestionRestartsUnderLoad() throws Exception {
        String account = "restarted-" + UUID.randomUUID();
        RunningSuite.suite();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> sent = new ArrayList<>();
        for (int sender = 0; sender < SENDERS; sender++) {
            int id = sender;
            sent.add(senders.submit(() -> send(account, id)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= SENDERS * 2);
        int beforeRestart = answered.get();
        RunningSuite.suite().restart(Service.INGESTION);
        int duringRestart = answered.get() - beforeRestart;
        for (Future<?> future : sent) {
            future.get(3, TimeUnit.MINUTES);
        }
        senders.shutdown();

        // The restart fell inside the load: batches were still to go after it, and clients met it and retried.
        assertThat(beforeRestart + duringRestart).isLessThan(SENDERS * BATCHES);
        assertThat(refused.get()).isPositive();
        // Events of one account share a partition: once this last one is counted, every one before it was too.
        assertThat(post("/v1/track", "{\"userId\":\"last\",\"event\":\"Exported\",\"messageId\":\"" + account
                + "-last\",\"context\":{\"groupId\":\"" + account + "\"}}")).isEqualTo(200);
        int expected = SENDERS * BATCHES * EVENTS_PER_BATCH + 1;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> given()
                .baseUri(RunningSuite.suite().gatewayUrl())
                .header("Authorization", "Bearer " + RunningSuite.tenant().readKey())
                .when().get("/v1/accounts/" + account)
                .then().statusCode(200).body("eventCount", greaterThanOrEqualTo(expected)));
        given().baseUri(RunningSuite.suite().gatewayUrl())
                .header("Authorization", "Bearer " + RunningSuite.tenant().readKey())
                .when().get("/v1/accounts/" + account)
                .then().statusCode(200).body("eventCount", equalTo(expected));
    }

    /** One client: its batches in order, each sent again (same messageIds) until it is answered 200. */
    private void send(String account, int sender) {
        for (int batch = 0; batch < BATCHES; batch++) {
            StringBuilder body = new StringBuilder("{\"batch\":[");
            for (int i = 0; i < EVENTS_PER_BATCH; i++) {
                body.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"u-").append(sender)
                        .append("\",\"event\":\"Exported\",\"messageId\":\"").append(account).append('-')
                        .append(sender).append('-').append(batch).append('-').append(i)
                        .append("\",\"context\":{\"groupId\":\"").append(account).append("\"}}");
            }
            String json = body.append("]}").toString();
            while (post("/v1/batch", json) != 200) {
                refused.incrementAndGet();
                pause(200);
            }
            answered.incrementAndGet();
        }
    }

    /** The status, or -1 when the connection failed or was cut. */
    private int post(String path, String json) {
        String basic = Base64.getEncoder().encodeToString((RunningSuite.tenant().writeKey() + ":")
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(RunningSuite.suite().gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
