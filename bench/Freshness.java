import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Freshness: the time from the 2xx of POST /v1/track to the moment GET /v1/accounts/{account} shows the incremented
 * eventCount, per probe, while a fixed-schedule background load (POST /v1/batch) runs through the same gateway.
 * Probe loops run side by side, each on its own probe account and one probe at a time, polling every --poll-ms.
 *
 * <pre>java -cp KAFKA_TOOLS_CLASSPATH Freshness.java --url=... --write-key=... --read-key=... --prefix=...</pre>
 * Prints key=value lines on stdout.
 */
public class Freshness {

    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            options.put(pair[0], pair[1]);
        }
        String url = options.get("url");
        String prefix = options.get("prefix");
        String basic = "Basic " + Base64.getEncoder().encodeToString((options.get("write-key") + ":").getBytes());
        String bearer = "Bearer " + options.get("read-key");
        int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "50"));
        int probes = Integer.parseInt(options.getOrDefault("probes", "120"));
        int loops = Integer.parseInt(options.getOrDefault("loops", "3"));
        long pollMillis = Long.parseLong(options.getOrDefault("poll-ms", "50"));
        long warmupSeconds = Long.parseLong(options.getOrDefault("warmup", "10"));
        Duration probeTimeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("probe-timeout", "20")));
        long deadline = System.nanoTime() + Long.parseLong(options.getOrDefault("max-seconds", "180")) * 1_000_000_000L;

        Load load = new Load(url, basic, prefix, batch);
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
        long periodMicros = 1_000_000L * batch / rate;
        schedule.scheduleAtFixedRate(load::send, 0, periodMicros, TimeUnit.MICROSECONDS);
        Thread.sleep(warmupSeconds * 1000);
        load.reset();

        HttpClient probeClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Double> pollTimes = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger remaining = new AtomicInteger(probes);
        AtomicInteger timedOut = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int loop = 0; loop < loops; loop++) {
            String account = prefix + "-probe-" + loop;
            Thread thread = new Thread(() -> {
                try {
                    Probe probe = new Probe(probeClient, url, basic, bearer, account, pollMillis, probeTimeout,
                            pollTimes);
                    probe.run(); // the first probe creates the account; it is not counted
                    while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                        Thread.sleep((long) (Math.random() * 250));
                        double seconds = probe.run();
                        if (seconds < 0) {
                            timedOut.incrementAndGet();
                        } else {
                            latencies.add(seconds);
                        }
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                    System.err.println("probe loop " + account + " failed: " + e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // Segment signals: a brand-new account's first event moves it into a segment; time from the 2xx until the
        // signal is listed by the campaign service (scoring -> uptake.signals.v1 -> campaign -> PostgreSQL -> API).
        int signalProbes = Integer.parseInt(options.getOrDefault("signal-probes", "20"));
        List<Double> signalLatencies = new ArrayList<>();
        int signalTimeouts = 0;
        for (int i = 0; i < signalProbes && System.nanoTime() < deadline; i++) {
            double seconds = signalProbe(probeClient, url, basic, bearer, prefix + "-sig-" + i, probeTimeout);
            if (seconds < 0) {
                signalTimeouts++;
            } else {
                signalLatencies.add(seconds);
            }
        }
        double loadSeconds = load.seconds();
        schedule.shutdownNow();
        Collections.sort(signalLatencies);
        System.out.printf("signal_probes=%d%nsignal_timeouts=%d%n", signalLatencies.size(), signalTimeouts);
        System.out.printf("signal_p50=%.3f%nsignal_p95=%.3f%nsignal_p99=%.3f%n", percentile(signalLatencies, 50),
                percentile(signalLatencies, 95), percentile(signalLatencies, 99));

        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("probes=%d%nprobe_timeouts=%d%nprobe_loops_failed=%d%n", sorted.size(), timedOut.get(),
                failed.get());
        System.out.printf("p50=%.3f%np95=%.3f%np99=%.3f%nmax=%.3f%n", percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1));
        System.out.printf("poll_get_mean_ms=%.1f%n",
                pollTimes.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN) * 1000);
        System.out.printf("background_seconds=%.1f%nbackground_target=%d%nbackground_rate=%.0f%n", loadSeconds, rate,
                load.accepted.get() / loadSeconds);
        System.out.printf("background_statuses=%s%nbackground_skipped=%d%n", load.statuses(), load.skipped.get());
    }

    /** Sends one track call for the account's user; returns System.nanoTime() at its 2xx. */
    static long track(HttpClient http, String url, String basic, String account, String messageId) throws Exception {
        String body = "{\"userId\":\"" + account + "-u\",\"event\":\"Probe\",\"messageId\":\"" + messageId
                + "\",\"context\":{\"groupId\":\"" + account + "\"}}";
        HttpResponse<String> ack = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/track"))
                .header("Authorization", basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        long accepted = System.nanoTime();
        if (ack.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST /v1/track answered " + ack.statusCode() + ": " + ack.body());
        }
        return accepted;
    }

    /** Seconds from the 2xx of a new account's first event to its segment signal in GET /v1/signals, or -1. */
    static double signalProbe(HttpClient http, String url, String basic, String bearer, String account,
            Duration timeout) throws Exception {
        long accepted = track(http, url, basic, account, account);
        while (System.nanoTime() - accepted < timeout.toNanos()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create(url + "/v1/signals?subjectId=" + account)).header("Authorization", bearer).build(),
                    HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            if (answer.statusCode() == 200) {
                for (var item : JSON.readTree(answer.body()).path("items")) {
                    if ("segment".equals(item.path("kind").asText()) && "account".equals(item.path("subjectType").asText())) {
                        return (answered - accepted) / 1e9;
                    }
                }
            }
            Thread.sleep(100);
        }
        return -1;
    }

    /** Nearest-rank percentile, in seconds. */
    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** One probe account: send one track call, then poll the account until it counts it. */
    static final class Probe {
        final HttpClient http;
        final String url;
        final String basic;
        final String bearer;
        final String account;
        final long pollMillis;
        final Duration timeout;
        final List<Double> pollTimes;
        int sent;

        Probe(HttpClient http, String url, String basic, String bearer, String account, long pollMillis,
                Duration timeout, List<Double> pollTimes) {
            this.http = http;
            this.url = url;
            this.basic = basic;
            this.bearer = bearer;
            this.account = account;
            this.pollMillis = pollMillis;
            this.timeout = timeout;
            this.pollTimes = pollTimes;
        }

        /** The account's eventCount now (0 before its first event is counted). */
        long count() throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/accounts/" + account))
                    .header("Authorization", bearer).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()).path("eventCount").asLong() : 0;
        }

        /** Seconds from the 2xx to the first GET that shows one more event than before, or -1 on timeout. */
        double run() throws Exception {
            long expected = count() + 1;
            long accepted = track(http, url, basic, account, account + "-" + System.nanoTime() + "-" + (sent++));
            long next = accepted;
            while (System.nanoTime() - accepted < timeout.toNanos()) {
                long asked = System.nanoTime();
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create(url + "/v1/accounts/" + account))
                                .header("Authorization", bearer).build(), HttpResponse.BodyHandlers.ofString());
                long answered = System.nanoTime();
                pollTimes.add((answered - asked) / 1e9);
                if (answer.statusCode() == 200 && JSON.readTree(answer.body()).path("eventCount").asLong() >= expected) {
                    return (answered - accepted) / 1e9;
                }
                next += pollMillis * 1_000_000;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            return -1;
        }
    }

    /** Background load on a fixed schedule; a tick is skipped (and counted) when too many requests are in flight. */
    static final class Load {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final String url;
        final String basic;
        final String prefix;
        final int batch;
        final AtomicLong counter = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicInteger inFlight = new AtomicInteger();
        final Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        volatile long since = System.nanoTime();

        Load(String url, String basic, String prefix, int batch) {
            this.url = url;
            this.basic = basic;
            this.prefix = prefix;
            this.batch = batch;
        }

        void send() {
            if (inFlight.get() >= 32) {
                skipped.incrementAndGet();
                return;
            }
            long request = counter.incrementAndGet();
            StringBuilder body = new StringBuilder("{\"batch\":[");
            for (int i = 0; i < batch; i++) {
                body.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"").append(prefix).append("-u")
                        .append((request * 7 + i) % 3000).append("\",\"event\":\"Report Built\",\"messageId\":\"")
                        .append(prefix).append("-bg-").append(request).append('-').append(i)
                        .append("\",\"properties\":{\"rows\":").append(i).append(",\"format\":\"csv\"},")
                        .append("\"context\":{\"groupId\":\"").append(prefix).append("-a").append((request * 7 + i) % 3000 % 300)
                        .append("\"}}");
            }
            body.append("]}");
            inFlight.incrementAndGet();
            http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/v1/batch")).header("Authorization", basic)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                        inFlight.decrementAndGet();
                        String status = error != null ? "error" : Integer.toString(response.statusCode());
                        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        if (error == null && response.statusCode() / 100 == 2) {
                            accepted.addAndGet(batch);
                        }
                    });
        }

        void reset() {
            since = System.nanoTime();
            accepted.set(0);
            skipped.set(0);
            statuses.clear();
        }

        double seconds() {
            return (System.nanoTime() - since) / 1e9;
        }

        String statuses() {
            return statuses.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        }
    }
}
