package dev.uptake.simulator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import dev.uptake.simulator.output.BatchSender;
import dev.uptake.simulator.world.FeatureCatalog;

/** Command-line options; {@link #HELP} lists them. */
public record SimulatorOptions(boolean help, SimulationSettings settings, URI url, String writeKey, Path out,
        Path truthOut, Path featuresOut, int batchSize, int inFlight, double rate, int maxRetries) {

    public static final String HELP = """
            usage: java -cp ... dev.uptake.simulator.Main [options]

            Simulates a SaaS customer base with planted truth and sends it through Uptake's /v1/batch API and/or
            writes it as NDJSON. Prints the truth (planted and realised) as JSON.

            World
              --seed N                  random seed (default 42)
              --accounts N              accounts (default 300)
              --users N                 users, all accounts together (default 3000)
              --months N                simulated months before --end (default 13)
              --end YYYY-MM-DD          first day after the simulated period (default: today, UTC)
              --new-user-share X        share of older accounts' users who sign up during the period (default 0.4)

            Planted truth
              --power-feature KEY       the feature whose adoption matters (default forecasting)
              --adoption X              adoption among established users (default 0.37)
              --adopter-retention X     retention of adopters (default 0.94)
              --non-adopter-retention X retention of non-adopters (default 0.68)
              --renewal-bands SPEC      renewal rate per monthly use band (default 1-5:0.5,6-10:0.6,11-15:0.7,16+:0.8)
              --no-use-renewal X        renewal rate with no use in the month before renewal (default 0.4)
              --funnel L,A,R,H,P        login within 7 days, act, return, weekly habit, power user
                                        (default 0.4,0.7,0.5,0.3,0.2; each a share of the step before)
              --login-threshold X       logins per user per week before renewal that separates renewers (default 2.0)

            Output
              --url URL                 gateway to send to (default $UPTAKE_URL; no sending without a URL)
              --write-key KEY           write key, sent as the Basic username (default $UPTAKE_WRITE_KEY)
              --rate N                  target calls per second, 0 = as fast as the API allows (default 0)
              --batch-size N            calls per batch (default 250; bodies stay under 500 KB)
              --in-flight N             batches in flight at once (default 4)
              --max-retries N           retries of one batch before giving up (default 50)
              --out FILE                write NDJSON, one call per line ("-" for stdout)
              --truth FILE              write the truth JSON there instead of stdout
              --features FILE           write the feature catalog as PUT /v1/features/{key} bodies (JSON array)
              --help                    this text
            """;

    public static SimulatorOptions parse(String[] args, Map<String, String> env) {
        Values values = new Values();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                values.help = true;
                continue;
            }
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + name + " (see --help)");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            values.set(name, args[++i]);
        }
        if (values.help) {
            return new SimulatorOptions(true, null, null, null, null, null, null, 0, 0, 0, 0);
        }
        String url = values.url != null ? values.url : env.get("UPTAKE_URL");
        String key = values.writeKey != null ? values.writeKey : env.get("UPTAKE_WRITE_KEY");
        PlantedTruth truth = new PlantedTruth(values.powerFeature, values.adoption, values.adopterRetention,
                values.nonAdopterRetention, values.noUseRenewal, PlantedTruth.parseBands(values.bands),
                PlantedTruth.Funnel.parse(values.funnel), values.loginThreshold);
        new FeatureCatalog(truth.powerFeature()); // refuses an unknown feature key
        SimulationSettings settings = new SimulationSettings(values.seed, values.accounts, values.users,
                values.months, values.end, values.newUserShare, truth);
        URI uri = url == null || url.isBlank() ? null : URI.create(url);
        if (uri != null && (key == null || key.isBlank())) {
            throw new IllegalArgumentException("sending to " + url + " needs --write-key (or UPTAKE_WRITE_KEY)");
        }
        if (uri != null && values.end.isAfter(LocalDate.now(ZoneOffset.UTC))) {
            throw new IllegalArgumentException("--end " + values.end + " is in the future: the API refuses events"
                    + " more than an hour ahead; sending needs an end of today or earlier");
        }
        if ("-".equals(values.out) && values.truth == null) {
            throw new IllegalArgumentException("with --out - (stdout) give --truth FILE too");
        }
        return new SimulatorOptions(false, settings, uri, key, path(values.out), path(values.truth),
                path(values.features), values.batchSize, values.inFlight, values.rate, values.maxRetries);
    }

    public boolean sends() {
        return url != null;
    }

    public BatchSender.Settings senderSettings() {
        return new BatchSender.Settings(url, writeKey, batchSize, inFlight, rate, maxRetries, Duration.ofSeconds(60));
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value);
    }

    private static final class Values {
        boolean help;
        long seed = 42;
        int accounts = 300;
        int users = 3000;
        int months = 13;
        LocalDate end = LocalDate.now(ZoneOffset.UTC);
        double newUserShare = 0.4;
        String powerFeature = PlantedTruth.defaults().powerFeature();
        double adoption = PlantedTruth.defaults().adoptionRate();
        double adopterRetention = PlantedTruth.defaults().adopterRetention();
        double nonAdopterRetention = PlantedTruth.defaults().nonAdopterRetention();
        double noUseRenewal = PlantedTruth.defaults().noUseRenewalRate();
        String bands = PlantedTruth.formatBands(PlantedTruth.defaults().renewalBands());
        String funnel = PlantedTruth.defaults().funnel().format();
        double loginThreshold = PlantedTruth.defaults().loginsPerWeekThreshold();
        String url;
        String writeKey;
        double rate;
        int batchSize = 250;
        int inFlight = 4;
        int maxRetries = 50;
        String out;
        String truth;
        String features;

        void set(String name, String value) {
            try {
                switch (name) {
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--accounts" -> accounts = Integer.parseInt(value);
                    case "--users" -> users = Integer.parseInt(value);
                    case "--months" -> months = Integer.parseInt(value);
                    case "--end" -> end = LocalDate.parse(value);
                    case "--new-user-share" -> newUserShare = Double.parseDouble(value);
                    case "--power-feature" -> powerFeature = value;
                    case "--adoption" -> adoption = Double.parseDouble(value);
                    case "--adopter-retention" -> adopterRetention = Double.parseDouble(value);
                    case "--non-adopter-retention" -> nonAdopterRetention = Double.parseDouble(value);
                    case "--renewal-bands" -> bands = value;
                    case "--no-use-renewal" -> noUseRenewal = Double.parseDouble(value);
                    case "--funnel" -> funnel = value;
                    case "--login-threshold" -> loginThreshold = Double.parseDouble(value);
                    case "--url" -> url = value;
                    case "--write-key" -> writeKey = value;
                    case "--rate" -> rate = Double.parseDouble(value);
                    case "--batch-size" -> batchSize = Integer.parseInt(value);
                    case "--in-flight" -> inFlight = Integer.parseInt(value);
                    case "--max-retries" -> maxRetries = Integer.parseInt(value);
                    case "--out" -> out = value;
                    case "--truth" -> truth = value;
                    case "--features" -> features = value;
                    default -> throw new IllegalArgumentException("unknown option " + name + " (see --help)");
                }
            } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(name + ": cannot read " + value);
            }
        }
    }
}
