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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.response.Response;

/**
 * Clients that send one account's events in batches through the gateway, as an SDK does: each batch again, with the
 * same messageIds, until it is answered 200. Its JDK client speaks HTTP/2 (h2c), its default; the senders' calls are
 * streams of one connection.
 */
final class RetryingSender {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String account;
    private final int batches;
    private final int eventsPerBatch;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final ExecutorService senders;
    private final List<Future<?>> sent = new ArrayList<>();

    /** Starts {@code senders} clients, each sending {@code batches} batches of {@code eventsPerBatch} new events. */
    RetryingSender(String account, int senders, int batches, int eventsPerBatch) {
        this.account = account;
        this.batches = batches;
        this.eventsPerBatch = eventsPerBatch;
        this.senders = Executors.newFixedThreadPool(senders);
        for (int sender = 0; sender < senders; sender++) {
            int id = sender;
            sent.add(this.senders.submit(() -> send(id)));
        }
    }

    /** Batches answered 200 so far. */
    int answered() {
        return answered.get();
    }

    /** Answers other than 200, and calls that failed or were cut, so far. */
    int refused() {
        return refused.get();
    }

    int events() {
        return sent.size() * batches * eventsPerBatch;
    }

    int batches() {
        return sent.size() * batches;
    }

    /** Waits until every batch of every client was answered 200. */
    void awaitAllAnswered() throws Exception {
        for (Future<?> future : sent) {
            future.get(3, TimeUnit.MINUTES);
        }
        senders.shutdown();
    }

    /**
     * Sends one more event and waits until the account API counts it: events of one account share a partition, so
     * every one sent before it was consumed too. The count must then be exactly every event sent, plus that one.
     */
    void awaitCountedOnce() {
        assertThat(post("/v1/track", "{\"userId\":\"last\",\"event\":\"Exported\",\"messageId\":\"" + account
                + "-last\",\"context\":{\"groupId\":\"" + account + "\"}}")).isEqualTo(200);
        int expected = events() + 1;
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> accountView()
                .then().statusCode(200).body("eventCount", greaterThanOrEqualTo(expected)));
        accountView().then().statusCode(200).body("eventCount", equalTo(expected));
    }

    /** Events the account API counts for the account now; 0 before its first is counted. */
    int counted() {
        Response response = accountView();
        return response.statusCode() == 200 ? response.jsonPath().getInt("eventCount") : 0;
    }

    private Response accountView() {
        return given().baseUri(RunningSuite.suite().gatewayUrl())
                .header("Authorization", "Bearer " + RunningSuite.tenant().readKey())
                .when().get("/v1/accounts/" + account);
    }

    private void send(int sender) {
        for (int batch = 0; batch < batches; batch++) {
            StringBuilder body = new StringBuilder("{\"batch\":[");
            for (int i = 0; i < eventsPerBatch; i++) {
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
