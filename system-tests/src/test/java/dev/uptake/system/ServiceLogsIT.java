package dev.uptake.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uptake.launcher.Service;

/** What operators scrape and ship from every packaged service: JSON log lines (UPTAKE_LOG_JSON) and Prometheus metrics. */
class ServiceLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(Service.class)
    void shouldWriteEveryLogLineAsJsonWhenAskedTo(Service service) throws Exception {
        RunningSuite.suite();
        Path log = RunningSuite.suite().options().dataDir().resolve("logs/" + service.module() + ".log");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).toList();

        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.isObject()).as(line).isTrue();
            assertThat(entry.path("level").asText()).as(line).isNotEmpty();
            assertThat(entry.has("message")).as(line).isTrue();
        }
        assertThat(lines).anyMatch(line -> line.contains("started in"));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void shouldServePrometheusMetrics(Service service) {
        int port = RunningSuite.suite().options().servicePorts().get(service);
        given().baseUri("http://localhost:" + port)
                .when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }
}
