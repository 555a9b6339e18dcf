package dev.uptake.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.uptake.contracts.InternalHeaders;
import dev.uptake.launcher.Service;
import dev.uptake.launcher.Suite;

/**
 * A stop (SIGTERM: a rolling update, a scale-down) lets the calls a service has begun finish. The call here is still
 * sending its body when the stop begins, so it is in flight for certain; it must be answered, not dropped with the
 * connection. Straight to the service: the gateway sends a call on only once its whole body has arrived.
 */
class ServiceStopIT {

    @ParameterizedTest
    @EnumSource(value = Service.class, names = { "SCORING", "CAMPAIGN" })
    void shouldAnswerACallInFlightWhenTheServiceIsStopped(Service service) throws Exception {
        Suite suite = RunningSuite.suite();
        int port = suite.options().servicePorts().get(service);
        String key = "stop-" + UUID.randomUUID().toString().substring(0, 8);
        String target = service == Service.SCORING ? "PUT /v1/features/" + key : "POST /v1/campaigns";
        byte[] body = (service == Service.SCORING
                ? "{\"name\":\"Stop test\",\"category\":\"core\",\"events\":[{\"event\":\"Stop Tested\"}]}"
                : "{\"name\":\"" + key + "\",\"channel\":\"in_app\",\"message\":{\"title\":\"t\",\"body\":\"b\"}}")
                .getBytes(StandardCharsets.UTF_8);

        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n" + InternalHeaders.GATEWAY_TOKEN + ": " + suite.internalToken() + "\r\n"
                    + InternalHeaders.TENANT + ": " + RunningSuite.tenant().tenantId() + "\r\n"
                    + InternalHeaders.KEY_KIND + ": admin\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();

            CompletableFuture<Void> restarted = CompletableFuture.runAsync(() -> suite.restart(service));
            try {
                // The stop has begun once the service no longer reports itself ready.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> !suite.isReady(service));
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();

                String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                assertThat(status).as("the status line of the call in flight").isEqualTo("HTTP/1.1 201 Created");
            } finally {
                // Back for the next test, whatever this one found.
                restarted.get(2, TimeUnit.MINUTES);
            }
        }
    }
}
