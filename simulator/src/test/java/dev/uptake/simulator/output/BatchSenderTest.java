package dev.uptake.simulator.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

class BatchSenderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String WRITE_KEY = "wk_test_not_a_secret";

    private HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger answered = new AtomicInteger();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private record Request(String authorization, JsonNode body) {
    }

    /** Answers each request with the next of the scripted answers; the last one repeats. */
    private void answer(int... statuses) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/batch", exchange -> {
            JsonNode body = MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(new Request(exchange.getRequestHeaders().getFirst("Authorization"), body));
            int status = statuses[Math.min(answered.getAndIncrement(), statuses.length - 1)];
            respond(exchange, status, body);
        });
        server.start();
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        String answer;
        if (status == 200) {
            answer = "{\"success\":true,\"accepted\":" + body.path("batch").size() + ",\"duplicates\":0,\"rejected\":[]}";
        } else {
            exchange.getResponseHeaders().add("Retry-After", "1");
            answer = "{\"type\":\"https://uptake.dev/problems/x\",\"title\":\"x\",\"status\":" + status + "}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @BeforeEach
    void clear() {
        requests.clear();
        answered.set(0);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldRetryTheSameBatchAfter429And503UntilAccepted() throws Exception {
        answer(429, 503, 200);
        BatchSender sender = sender(100);

        send(sender, 3);
        sender.close();

        assertThat(requests).hasSize(3);
        List<List<String>> messageIds = requests.stream().map(request -> messageIds(request.body())).toList();
        assertThat(messageIds).allSatisfy(ids -> assertThat(ids).containsExactly("m-1", "m-2", "m-3"));
        assertThat(sender.stats()).extracting(BatchSender.Stats::accepted, BatchSender.Stats::rateLimited,
                BatchSender.Stats::unavailable, BatchSender.Stats::batches).containsExactly(3L, 1L, 1L, 1L);
    }

    @Test
    void shouldSendTheWriteKeyAsBasicUsernameWithEmptyPassword() throws Exception {
        answer(200);
        BatchSender sender = sender(100);

        send(sender, 1);
        sender.close();

        String expected = "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
        assertThat(requests).extracting(Request::authorization).containsExactly(expected);
        assertThat(requests.get(0).body().path("sentAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void shouldSplitCallsIntoBatchesOfTheConfiguredSize() throws Exception {
        answer(200);
        BatchSender sender = sender(2);

        send(sender, 5);
        sender.close();

        assertThat(requests).extracting(request -> request.body().path("batch").size())
                .containsExactlyInAnyOrder(2, 2, 1);
        assertThat(sender.stats().accepted()).isEqualTo(5);
    }

    @Test
    void shouldFailWithTheReasonWhenTheKeyIsRefused() throws Exception {
        answer(401);
        BatchSender sender = sender(100);

        send(sender, 1);

        assertThatThrownBy(sender::close).hasMessageContaining("401").hasMessageContaining("--write-key");
    }

    @Test
    void shouldRetryTransportFailuresWithTheSameBatch() throws Exception {
        answer(200);
        int port = server.getAddress().getPort();
        server.stop(0);
        BatchSender sender = new BatchSender(new BatchSender.Settings(URI.create("http://127.0.0.1:" + port), WRITE_KEY,
                1, 1, 0, 50, Duration.ofSeconds(5)), BatchSender.defaultClient(), MAPPER,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        send(sender, 2); // the first batch (m-1) goes out, the second waits for close()
        while (sender.stats().transportRetries() == 0) {
            Thread.sleep(20);
        }
        answer(200, port); // the server comes back on the same port while the sender backs off
        sender.close();

        assertThat(requests).extracting(request -> messageIds(request.body()))
                .containsExactly(List.of("m-1"), List.of("m-2"));
        assertThat(sender.stats().accepted()).isEqualTo(2);
    }

    private void answer(int status, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/v1/batch", exchange -> {
            JsonNode body = MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(new Request(exchange.getRequestHeaders().getFirst("Authorization"), body));
            respond(exchange, status, body);
        });
        server.start();
    }

    private BatchSender sender(int batchSize) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        return new BatchSender(new BatchSender.Settings(url, WRITE_KEY, batchSize, 2, 0, 10, Duration.ofSeconds(5)),
                BatchSender.defaultClient(), MAPPER, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private static void send(BatchSender sender, int count) throws Exception {
        for (int i = 1; i <= count; i++) {
            ObjectNode call = MAPPER.createObjectNode().put("type", "track").put("messageId", "m-" + i)
                    .put("userId", "u-1").put("event", "Report Created").put("timestamp", "2026-11-20T10:00:00.000Z");
            sender.accept(call, MAPPER.writeValueAsBytes(call));
        }
    }

    private static List<String> messageIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.path("batch").forEach(call -> ids.add(call.path("messageId").asText()));
        return ids;
    }
}
