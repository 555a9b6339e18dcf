package dev.uptake.simulator;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uptake.simulator.output.NdjsonWriter;

/** Test worlds with a fixed end date, so results never depend on the day the tests run. */
public final class Worlds {

    public static final LocalDate END = LocalDate.parse("2026-11-23");
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Worlds() {
    }

    public static SimulationSettings settings(long seed, int accounts, int users, int months) {
        return new SimulationSettings(seed, accounts, users, months, END, 0.4, PlantedTruth.defaults());
    }

    /** The world's NDJSON, as {@code --out} writes it. */
    public static byte[] ndjson(SimulationSettings settings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NdjsonWriter writer = new NdjsonWriter(out)) {
            new Simulator(MAPPER).run(settings, writer);
        }
        return out.toByteArray();
    }
}
