package dev.uptake.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real Segment client libraries from npm, configured only with Uptake's host and a write key: every call they send
 * arrives with its fields. {@code @segment/analytics-node} is the server SDK (batches, HTTP Basic key);
 * {@code @segment/analytics-next} is analytics.js 2.0, the browser SDK, run in a jsdom page (short paths, text/plain,
 * the key in the body). Node.js is not part of the build's prerequisites (a JDK is), so on a machine without
 * {@code node} and {@code npm} these tests are skipped and say why.
 */
class SegmentClientCompatibilityIT {

    private static Path serverClient;
    private static Path browserClient;

    @BeforeAll
    static void installClients() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"),
                "node and npm are not on the PATH: the Segment SDK compatibility test needs them (apt-get install npm)");
        serverClient = install("segment-compat", "@segment/analytics-node");
        browserClient = install("segment-browser", "@segment/analytics-next");
    }

    private static Path install(String name, String library) throws IOException, InterruptedException {
        Path client = Path.of("target", name).toAbsolutePath();
        Files.createDirectories(client);
        Path source = Path.of("src/test/node", name);
        for (String file : List.of("package.json", "send.js")) {
            Files.copy(source.resolve(file), client.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(client.resolve("node_modules").resolve(library))) {
            run(client, List.of("npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"),
                    Duration.ofMinutes(5));
        }
        return client;
    }

    @Test
    void shouldReceiveEveryCallTheBrowserSdkSendsWithItsFields() throws Exception {
        String runId = UUID.randomUUID().toString();
        String output = run(browserClient, List.of("node", "send.js", RunningSuite.suite().gatewayUrl(),
                RunningSuite.tenant().writeKey(), runId), Duration.ofMinutes(1));
        assertThat(output).contains("DELIVERED").contains("POST /v1/t text/plain -> 200")
                .contains("POST /v1/i text/plain -> 200").contains("POST /v1/g text/plain -> 200")
                .contains("POST /v1/p text/plain -> 200");

        String user = "browser-user-" + runId;
        String account = "browser-account-" + runId;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> RunningSuite.eventsOf(user)
                .body("items.size()", equalTo(4))
                .body("items.find { it.type == 'identify' }.traits.email", equalTo("grace@example.com"))
                .body("items.find { it.type == 'group' }.groupId", equalTo(account))
                .body("items.find { it.type == 'group' }.traits.plan", equalTo("pro"))
                .body("items.find { it.type == 'track' }.event", equalTo("Report Built"))
                .body("items.find { it.type == 'track' }.properties.rows", equalTo(7))
                // No groupId on the call: the user's group call before it names the account.
                .body("items.find { it.type == 'track' }.accountId", equalTo(account))
                .body("items.find { it.type == 'track' }.context.library.name", equalTo("analytics.js"))
                .body("items.find { it.type == 'track' }.context.page.path", equalTo("/dashboard"))
                .body("items.find { it.type == 'page' }.name", equalTo("Dashboard"))
                .body("items.find { it.type == 'page' }.properties.category", equalTo("Reports")));
    }

    @Test
    void shouldReceiveEveryCallASegmentSdkSendsWithItsFields() throws Exception {
        String runId = UUID.randomUUID().toString();
        String output = run(serverClient, List.of("node", "send.js", RunningSuite.suite().gatewayUrl(),
                RunningSuite.tenant().writeKey(), runId), Duration.ofMinutes(1));
        assertThat(output).contains("FLUSHED");

        String user = "compat-user-" + runId;
        String account = "compat-account-" + runId;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> RunningSuite.eventsOf(user)
                .body("items.size()", equalTo(5))
                .body("items.find { it.type == 'track' }.event", equalTo("Report Built"))
                .body("items.find { it.type == 'track' }.properties.rows", equalTo(42))
                .body("items.find { it.type == 'track' }.accountId", equalTo(account))
                .body("items.find { it.type == 'track' }.messageId", equalTo(runId + "-track"))
                .body("items.find { it.type == 'track' }.context.library.name", equalTo("@segment/analytics-node"))
                .body("items.find { it.type == 'identify' }.traits.email", equalTo("ada@example.com"))
                .body("items.find { it.type == 'group' }.groupId", equalTo(account))
                .body("items.find { it.type == 'group' }.traits.name", equalTo("Compat Co"))
                .body("items.find { it.type == 'page' }.name", equalTo("Dashboard"))
                .body("items.find { it.type == 'screen' }.name", equalTo("Home")));
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return java.util.Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }

    private static String run(Path client, List<String> command, Duration timeout)
            throws IOException, InterruptedException {
        File log = client.resolve("last-run.log").toFile();
        Process process = new ProcessBuilder(command).directory(client.toFile()).redirectErrorStream(true)
                .redirectOutput(log).start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " timed out");
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
