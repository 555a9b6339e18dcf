package dev.uptake.system;

import static io.restassured.RestAssured.given;
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
 * A real Segment client library, {@code @segment/analytics-node} from npm, configured only with Uptake's host and a
 * write key: every call it sends arrives with its fields. Node.js is not part of the build's prerequisites (a JDK is),
 * so on a machine without {@code node} and {@code npm} this test is skipped and says why.
 */
class SegmentClientCompatibilityIT {

    private static Path client;

    @BeforeAll
    static void installClient() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"),
                "node and npm are not on the PATH: the Segment SDK compatibility test needs them (apt-get install npm)");
        client = Path.of("target/segment-compat").toAbsolutePath();
        Files.createDirectories(client);
        Path source = Path.of("src/test/node/segment-compat");
        for (String file : List.of("package.json", "send.js")) {
            Files.copy(source.resolve(file), client.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(client.resolve("node_modules/@segment/analytics-node"))) {
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"),
                    Duration.ofMinutes(5));
        }
    }

    @Test
    void shouldReceiveEveryCallASegmentSdkSendsWithItsFields() throws Exception {
        String runId = UUID.randomUUID().toString();
        String output = run(List.of("node", "send.js", RunningSuite.suite().gatewayUrl(),
                RunningSuite.tenant().writeKey(), runId), Duration.ofMinutes(1));
        assertThat(output).contains("FLUSHED");

        String user = "compat-user-" + runId;
        String account = "compat-account-" + runId;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .baseUri(RunningSuite.suite().gatewayUrl())
                .header("Authorization", "Bearer " + RunningSuite.tenant().adminKey())
                .queryParam("userId", user).queryParam("limit", 10)
                .when().get("/v1/events")
                .then().statusCode(200)
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

    private static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
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
