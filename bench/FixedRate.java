import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * M3: latency at a fixed arrival rate, free of coordinated omission. Requests (POST /v1/batch of --batch track calls)
 * are due on a fixed schedule whatever happened to earlier ones (open model), and each latency runs from when the
 * request was due, not from when it could be sent: a stall shows up in every request it delays. Requests still
 * waiting when the run ends count as lost, with the run's length as their latency.
 *
 * <pre>java -cp CLASSPATH FixedRate.java --url=... --write-key=... --rate=2000 --batch=100 --seconds=30</pre>
 * Prints key=value lines on stdout.
 */
public class FixedRate {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            options.put(pair[0], pair[1]);
        }
        String url = options.get("url") + "/v1/batch";
        String basic = "Basic " + Base64.getEncoder().encodeToString((options.get("write-key") + ":").getBytes());
        int rate = Integer.parseInt(options.getOrDefault("rate", "2000"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "100"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        String prefix = options.getOrDefault("prefix", "m3");

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).build();
        long periodNanos = 1_000_000_000L * batch / rate;
        int total = (int) ((long) (warmup + seconds) * rate / batch);
        int measuredFrom = (int) ((long) warmup * rate / batch);
        long[] latencies = new long[total];
        AtomicInteger done = new AtomicInteger();
        AtomicLong counter = new AtomicLong();
        // Answers during the warm-up are counted apart: only the measured requests' statuses describe the figures.
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> warmupStatuses = new ConcurrentHashMap<>();
        long start = System.nanoTime() + 100_000_000L;
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
        for (int i = 0; i < total; i++) {
            int index = i;
            long due = start + i * periodNanos;
            schedule.schedule(() -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json").header("Authorization", basic)
                        .POST(HttpRequest.BodyPublishers.ofString(body(prefix, counter.getAndIncrement(), batch))).build();
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                    latencies[index] = System.nanoTime() - due;
                    (index >= measuredFrom ? statuses : warmupStatuses)
                            .computeIfAbsent(failure == null ? response.statusCode() : -1, s -> new AtomicInteger())
                            .incrementAndGet();
                    done.incrementAndGet();
                });
            }, due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        long end = start + (long) total * periodNanos;
        while (done.get() < total && System.nanoTime() < end + 10_000_000_000L) {
            Thread.sleep(100);
        }
        long runNanos = System.nanoTime() - start;
        List<Long> measured = new ArrayList<>();
        int lost = 0;
        for (int i = measuredFrom; i < total; i++) {
            if (latencies[i] == 0) {
                lost++;
                measured.add(runNanos);
            } else {
                measured.add(latencies[i]);
            }
        }
        measured.sort(Long::compare);
        System.out.printf("requests=%d%n", measured.size());
        System.out.printf("lost=%d%n", lost);
        System.out.printf("p50_ms=%.1f%n", percentile(measured, 0.50));
        System.out.printf("p90_ms=%.1f%n", percentile(measured, 0.90));
        System.out.printf("p99_ms=%.1f%n", percentile(measured, 0.99));
        System.out.printf("max_ms=%.1f%n", measured.get(measured.size() - 1) / 1e6);
        System.out.printf("statuses=%s%n", counts(statuses));
        System.out.printf("warmup_statuses=%s%n", counts(warmupStatuses));
        schedule.shutdownNow();
        System.exit(0);
    }

    static String counts(Map<Integer, AtomicInteger> statuses) {
        StringBuilder counts = new StringBuilder();
        statuses.forEach((status, count) -> counts.append(status == -1 ? "failed" : status).append('=').append(count).append(' '));
        return counts.toString().trim();
    }

    static double percentile(List<Long> sorted, double q) {
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
    }

    static String body(String prefix, long request, int batch) {
        StringBuilder body = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < batch; i++) {
            long user = (request * 7 + i) % 3000;
            body.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"").append(prefix).append("-u").append(user)
                    .append("\",\"event\":\"Report Built\",\"messageId\":\"").append(prefix).append('-').append(request)
                    .append('-').append(i).append("\",\"properties\":{\"rows\":").append(i)
                    .append("},\"context\":{\"groupId\":\"").append(prefix).append("-a").append(user % 300).append("\"}}");
        }
        return body.append("]}").toString();
    }
}
