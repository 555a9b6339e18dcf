package dev.uptake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.uptake.simulator.truth.TruthMeter;
import dev.uptake.simulator.world.FeatureCatalog;

class MainTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteEventsTruthAndFeatureCatalog() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int status = Main.run(new String[] { "--seed", "5", "--accounts", "20", "--users", "200", "--end",
                "2026-11-23", "--out", dir.resolve("events.ndjson").toString(), "--truth",
                dir.resolve("truth.json").toString(), "--features", dir.resolve("features.json").toString() },
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(status).isZero();
        JsonNode truth = Worlds.MAPPER.readTree(dir.resolve("truth.json").toFile());
        assertThat(truth.fieldNames()).toIterable().containsExactly("world", "planted", "definitions", "realised");
        assertThat(truth.path("planted").path("adoptionRate").asDouble()).isEqualTo(0.37);
        assertThat(truth.path("world").path("start").asText()).isEqualTo("2025-10-23");
        long lines = Files.lines(dir.resolve("events.ndjson")).count();
        assertThat(truth.path("world").path("calls").asLong()).isEqualTo(lines);
        assertThat(Worlds.MAPPER.readTree(dir.resolve("features.json").toFile()).size()).isGreaterThan(5);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("calls in");
    }

    @Test
    void shouldMeasureTheSameTruthFromTheNdjsonFileAsWhileGenerating() throws Exception {
        Path events = dir.resolve("events.ndjson");
        Path truthFile = dir.resolve("truth.json");
        Main.run(new String[] { "--seed", "6", "--accounts", "30", "--users", "300", "--end", "2026-11-23", "--out",
                events.toString(), "--truth", truthFile.toString() }, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));

        SimulationSettings settings = Worlds.settings(6, 30, 300, 13);
        TruthMeter meter = new TruthMeter(settings, new FeatureCatalog("forecasting"));
        List<String> lines = Files.readAllLines(events);
        for (String line : lines) {
            meter.accept(Worlds.MAPPER.readTree(line));
        }

        JsonNode whileGenerating = Worlds.MAPPER.readTree(truthFile.toFile()).path("realised");
        JsonNode reread = Worlds.MAPPER.readTree(Worlds.MAPPER.writeValueAsString(meter.measure()));
        assertThat(reread).isEqualTo(whileGenerating);
    }

    @Test
    void shouldPrintHelp() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = Main.run(new String[] { "--help" }, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage:", "--write-key");
    }
}
