package dev.uptake.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.uptake.contracts.Topics;
import dev.uptake.launcher.infra.ConsumerLag;

/**
 * {@code ./uptake run --demo}: fills the demo tenant once with a simulated customer base (the simulator module: about
 * 300 accounts and 3,000 users over 13 months, seed 42) through the public batch API, loads its feature catalog, and
 * waits until scoring-service has applied every event. {@code UPTAKE_DEMO_ACCOUNTS}, {@code _USERS} and {@code _MONTHS}
 * change its size.
 */
final class DemoLoad {

    private static final Pattern FEATURE_KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** scoring-service's consumer group (its group.id): the demo is analysed when it has no lag on the events topic. */
    static final String SCORING_GROUP = "scoring-service";
    private static final Duration ANALYSIS_WAIT = Duration.ofMinutes(10);

    /** The demo's size; the environment can change it (bench/demo.sh measures the analyses at 10,000 accounts). */
    record Size(int accounts, int users, int months) {

        static final Size DEFAULT = new Size(300, 3000, 13);

        static Size of(java.util.Map<String, String> env) {
            return new Size(number(env, "UPTAKE_DEMO_ACCOUNTS", DEFAULT.accounts()),
                    number(env, "UPTAKE_DEMO_USERS", DEFAULT.users()), number(env, "UPTAKE_DEMO_MONTHS", DEFAULT.months()));
        }

        /** A bigger world takes longer to analyse: the wait grows with its users. */
        Duration analysisWait() {
            return ANALYSIS_WAIT.multipliedBy(Math.max(1, (users + DEFAULT.users() - 1) / DEFAULT.users()));
        }

        private static int number(java.util.Map<String, String> env, String name, int fallback) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 1) {
                throw new IllegalArgumentException(name + " must be at least 1");
            }
            return parsed;
        }
    }

    private DemoLoad() {
    }

    static void ensureLoaded(Suite suite, DemoTenant demo) {
        Path data = suite.options().dataDir();
        Path marker = data.resolve("demo-loaded");
        if (Files.exists(marker)) {
            System.out.println("uptake: the demo data is already loaded (delete " + marker + " to load it again)");
            return;
        }
        Path root = suite.options().repositoryRoot();
        Path classpathFile = root.resolve("simulator/target/simulator.classpath");
        if (!Files.exists(classpathFile)) {
            throw new IllegalStateException(classpathFile + " is missing: build with ./uptake build");
        }
        Path features = data.resolve("demo-features.json");
        Path truth = data.resolve("demo-truth.json");
        Size size = Size.of(System.getenv());
        System.out.printf("uptake: loading the demo (simulated: %,d accounts, %,d users, %d months; log in %s)...%n",
                size.accounts(), size.users(), size.months(), data.resolve("logs/simulator.log"));
        Instant begin = Instant.now();
        try {
            String classpath = root.resolve("simulator/target/classes") + java.io.File.pathSeparator
                    + Files.readString(classpathFile).trim();
            Process simulator = new ProcessBuilder(List.of(dev.uptake.launcher.infra.ChildJvm.javaExecutable(),
                    "-Xmx512m", "-cp", classpath, "dev.uptake.simulator.Main", "--seed", "42", "--accounts",
                    Integer.toString(size.accounts()), "--users", Integer.toString(size.users()), "--months",
                    Integer.toString(size.months()), "--url", suite.gatewayUrl(), "--write-key", demo.writeKey(),
                    "--in-flight", "8", "--truth", truth.toString(), "--features", features.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("logs/simulator.log").toFile()))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(simulator::destroy, "stop-simulator"));
            int status = simulator.waitFor();
            if (status != 0) {
                throw new IllegalStateException("the simulator failed (" + status + "); see logs/simulator.log");
            }
            int loaded = putFeatures(suite, demo, features);
            Files.writeString(marker, Instant.now().toString());
            System.out.printf("uptake: demo loaded in %d s (%d features; planted truth in %s)%n",
                    Duration.between(begin, Instant.now()).toSeconds(), loaded, truth);
            awaitAnalysed(suite, begin, size.analysisWait());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Waits until scoring-service has applied every accepted event, so the tour printed next shows the whole tenant
     * rather than numbers still growing. Past {@code wait} it says so and goes on.
     */
    private static void awaitAnalysed(Suite suite, Instant begin, Duration wait) throws InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        Instant nextReport = Instant.now();
        try (ConsumerLag lag = new ConsumerLag(suite.kafkaBootstrapServers())) {
            long behind;
            while ((behind = lag.of(SCORING_GROUP, Topics.EVENTS)) > 0) {
                if (Instant.now().isAfter(deadline)) {
                    System.out.printf("uptake: scoring-service is still %d events behind; the analyses fill in as it "
                            + "catches up%n", behind);
                    return;
                }
                if (!Instant.now().isBefore(nextReport)) {
                    System.out.printf("uptake: analysing the demo: %d events to go%n", behind);
                    nextReport = Instant.now().plusSeconds(10);
                }
                Thread.sleep(1000);
            }
        } catch (RuntimeException e) {
            // An external Kafka the launcher cannot read: the demo is loaded all the same.
            System.out.println("uptake: could not follow the analysis (" + e.getMessage() + "); going on");
            return;
        }
        System.out.printf("uptake: demo analysed in %d s (every event in the analyses)%n",
                Duration.between(begin, Instant.now()).toSeconds());
    }

    /** The simulator writes the catalog as a JSON array of PUT bodies; each is PUT under its key. */
    private static int putFeatures(Suite suite, DemoTenant demo, Path file) throws IOException, InterruptedException {
        String json = Files.readString(file).trim();
        List<String> bodies = splitTopLevelObjects(json);
        for (String body : bodies) {
            Matcher key = FEATURE_KEY.matcher(body);
            if (!key.find()) {
                continue;
            }
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(suite.gatewayUrl()
                    + "/v1/features/" + key.group(1))).header("Authorization", "Bearer " + demo.adminKey())
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("feature " + key.group(1) + " refused: " + response.statusCode() + " "
                        + response.body());
            }
        }
        return bodies.size();
    }

    /** The objects of a top-level JSON array, as text (strings and nesting respected). */
    static List<String> splitTopLevelObjects(String array) {
        List<String> objects = new java.util.ArrayList<>();
        int depth = 0;
        int start = -1;
        boolean inString = false;
        for (int i = 0; i < array.length(); i++) {
            char c = array.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                if (depth++ == 0) {
                    start = i;
                }
            } else if (c == '}' && --depth == 0) {
                objects.add(array.substring(start, i + 1));
            }
        }
        return objects;
    }
}
