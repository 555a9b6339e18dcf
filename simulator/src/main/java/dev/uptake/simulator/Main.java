package dev.uptake.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.uptake.simulator.output.BatchSender;
import dev.uptake.simulator.output.CallSink;
import dev.uptake.simulator.output.NdjsonWriter;
import dev.uptake.simulator.truth.RealisedTruth;
import dev.uptake.simulator.truth.TruthMeter;
import dev.uptake.simulator.truth.TruthReport;
import dev.uptake.simulator.world.FeatureCatalog;
import dev.uptake.simulator.world.FeatureDefinitions;

/** Command-line entry point: see {@link SimulatorOptions#HELP}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out, System.err));
        } catch (IllegalArgumentException e) {
            System.err.println("simulator: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException | IOException e) {
            System.err.println("simulator: failed: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(String[] args, PrintStream stdout, PrintStream log) throws IOException {
        SimulatorOptions options = SimulatorOptions.parse(args, System.getenv());
        if (options.help()) {
            stdout.print(SimulatorOptions.HELP);
            return 0;
        }
        SimulationSettings settings = options.settings();
        ObjectMapper mapper = new ObjectMapper();
        FeatureCatalog catalog = new FeatureCatalog(settings.truth().powerFeature());
        if (options.featuresOut() != null) {
            mapper.writerWithDefaultPrettyPrinter().writeValue(options.featuresOut().toFile(),
                    FeatureDefinitions.catalog(mapper, catalog));
        }
        TruthMeter meter = new TruthMeter(settings, catalog);
        List<CallSink> sinks = new ArrayList<>(List.of(meter));
        if (options.out() != null) {
            OutputStream out = "-".equals(options.out().toString()) ? stdout : Files.newOutputStream(options.out());
            sinks.add(new NdjsonWriter(out));
        }
        BatchSender sender = null;
        if (options.sends()) {
            sender = new BatchSender(options.senderSettings(), BatchSender.defaultClient(), mapper, log);
            sinks.add(sender);
        }
        log.printf("simulator: seed %d, %d accounts, %d users, %s to %s%s%n", settings.seed(), settings.accounts(),
                settings.users(), settings.start(), settings.end().minusDays(1),
                options.sends() ? ", sending to " + options.url() : "");
        long started = System.nanoTime();
        Simulator.Result result;
        try (CallSink all = CallSink.all(sinks.toArray(CallSink[]::new))) {
            result = new Simulator(mapper).run(settings, all);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        log.printf("simulator: %,d calls in %.1f s%n", result.calls(), seconds);
        if (sender != null) {
            BatchSender.Stats stats = sender.stats();
            log.printf("simulator: sent %,d calls in %,d batches: accepted %,d, duplicates %,d, rejected %,d"
                    + " (429s %d, 503s %d, transport retries %d)%n", stats.sent(), stats.batches(), stats.accepted(),
                    stats.duplicates(), stats.rejected(), stats.rateLimited(), stats.unavailable(),
                    stats.transportRetries());
        }
        RealisedTruth realised = meter.measure();
        ObjectNode truth = TruthReport.json(mapper, settings, realised);
        ObjectMapper pretty = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
        if (options.truthOut() != null) {
            pretty.writeValue(options.truthOut().toFile(), truth);
        } else {
            stdout.println(pretty.writeValueAsString(truth));
        }
        return 0;
    }
}
