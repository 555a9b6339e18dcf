package dev.uptake.simulator.output;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.uptake.simulator.usage.EventRenderer;

/**
 * Sends calls to {@code POST /v1/batch} with the write key, several batches in flight, at a target rate. A 429 or
 * 503 is retried after its {@code Retry-After}; transport failures and other 5xx after a growing back-off. A retry
 * sends the same calls (same messageIds), so the API deduplicates whatever had already arrived.
 */
public final class BatchSender implements CallSink {

    private static final List<byte[]> END = new ArrayList<>();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /**
     * @param eventsPerSecond target rate, 0 for as fast as the API allows
     * @param maxRetries      retries of one batch before the run fails
     */
    public record Settings(URI baseUrl, String writeKey, int batchSize, int inFlight, double eventsPerSecond,
            int maxRetries, Duration requestTimeout) {

        public Settings {
            if (writeKey == null || writeKey.isBlank()) {
                throw new IllegalArgumentException("sending needs --write-key (or UPTAKE_WRITE_KEY)");
            }
            if (inFlight < 1) {
                throw new IllegalArgumentException("--in-flight must be at least 1");
            }
        }
    }

    /** Counters of what the API answered. */
    public record Stats(long batches, long sent, long accepted, long duplicates, long rejected, long rateLimited,
            long unavailable, long transportRetries) {
    }

    private final Settings settings;
    private final HttpClient client;
    private final ObjectMapper mapper;
    private final PrintStream log;
    private final BatchBuilder builder;
    private final RateLimiter limiter;
    private final BlockingQueue<List<byte[]>> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong transportRetries = new AtomicLong();
    private final String authorization;
    private final URI batchUri;
    private long lastProgressNanos = System.nanoTime();
    private final long startedNanos = System.nanoTime();

    public BatchSender(Settings settings, HttpClient client, ObjectMapper mapper, PrintStream log) {
        this.settings = settings;
        this.client = client;
        this.mapper = mapper;
        this.log = log;
        this.builder = new BatchBuilder(settings.batchSize());
        this.limiter = new RateLimiter(settings.eventsPerSecond());
        this.queue = new ArrayBlockingQueue<>(settings.inFlight());
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((settings.writeKey() + ":").getBytes(StandardCharsets.UTF_8));
        String base = settings.baseUrl().toString().replaceAll("/+$", "");
        this.batchUri = URI.create(base + "/v1/batch");
        for (int i = 0; i < settings.inFlight(); i++) {
            Thread worker = new Thread(this::work, "batch-sender-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Override
    public void accept(ObjectNode call, byte[] json) {
        List<byte[]> full = builder.add(json);
        if (full != null) {
            enqueue(full);
        }
    }

    @Override
    public void close() {
        List<byte[]> rest = builder.drain();
        if (!rest.isEmpty()) {
            enqueue(rest);
        }
        try {
            for (int i = 0; i < workers.size(); i++) {
                queue.put(END);
            }
            for (Thread worker : workers) {
                worker.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        }
        throwIfFailed();
    }

    public Stats stats() {
        return new Stats(batches.get(), sent.get(), accepted.get(), duplicates.get(), rejected.get(),
                rateLimited.get(), unavailable.get(), transportRetries.get());
    }

    private void enqueue(List<byte[]> batch) {
        throwIfFailed();
        try {
            limiter.acquire(batch.size());
            while (!queue.offer(batch, 1, TimeUnit.SECONDS)) {
                throwIfFailed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        }
        reportProgress();
    }

    private void work() {
        try {
            while (true) {
                List<byte[]> batch = queue.take();
                if (batch == END) {
                    return;
                }
                if (failure.get() == null) {
                    send(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void send(List<byte[]> batch) throws InterruptedException {
        int retries = 0;
        while (true) {
            waitWhilePaused();
            byte[] body = BatchBuilder.body(batch, EventRenderer.TIMESTAMP.format(Instant.now()));
            HttpRequest request = HttpRequest.newBuilder(batchUri).timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json").header("Authorization", authorization)
                    .header("User-Agent", "uptake-simulator/0.1.0")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            Duration wait;
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    record(batch.size(), response.body());
                    return;
                }
                if (status == 429) {
                    rateLimited.incrementAndGet();
                    wait = retryAfter(response, Duration.ofSeconds(1));
                    pauseAll(wait);
                } else if (status == 503) {
                    unavailable.incrementAndGet();
                    wait = retryAfter(response, Duration.ofSeconds(1));
                } else if (status >= 500) {
                    wait = backoff(retries);
                } else {
                    throw new IllegalStateException("the API refused a batch with " + status + ": "
                            + abbreviate(response.body()) + (status == 401 || status == 403
                                    ? " (check --write-key and --url)" : ""));
                }
            } catch (IOException e) {
                transportRetries.incrementAndGet();
                wait = backoff(retries);
            }
            if (++retries > settings.maxRetries()) {
                throw new IllegalStateException("gave up on a batch after " + settings.maxRetries() + " retries");
            }
            TimeUnit.MILLISECONDS.sleep(wait.toMillis());
        }
    }

    private void record(int size, String body) {
        batches.incrementAndGet();
        sent.addAndGet(size);
        try {
            JsonNode answer = mapper.readTree(body);
            accepted.addAndGet(answer.path("accepted").asLong(0));
            duplicates.addAndGet(answer.path("duplicates").asLong(0));
            JsonNode rejections = answer.path("rejected");
            if (rejections.isArray() && rejections.size() > 0) {
                long before = rejected.getAndAdd(rejections.size());
                if (before < 5) {
                    log.println("simulator: rejected by the API: " + abbreviate(rejections.toString()));
                }
            }
        } catch (IOException e) {
            log.println("simulator: unreadable answer to a batch: " + abbreviate(body));
        }
    }

    /** Retry-After as seconds or an HTTP date; the default when absent or unreadable. */
    static Duration retryAfter(HttpResponse<?> response, Duration fallback) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(Instant.now(), at.toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return fallback;
            }
        }
    }

    private static Duration backoff(int retries) {
        Duration wait = Duration.ofMillis(500L << Math.min(retries, 6));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    /** A 429 slows every sender down, not only the one that saw it. */
    private void pauseAll(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        pausedUntilNanos.accumulateAndGet(until, Math::max);
    }

    private void waitWhilePaused() throws InterruptedException {
        long remaining = pausedUntilNanos.get() - System.nanoTime();
        if (remaining > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining);
        }
    }

    private void reportProgress() {
        long now = System.nanoTime();
        if (now - lastProgressNanos < TimeUnit.SECONDS.toNanos(5)) {
            return;
        }
        lastProgressNanos = now;
        double seconds = (now - startedNanos) / 1e9;
        log.printf("simulator: sent %,d calls (%.0f/s), accepted %,d, duplicates %,d, rejected %,d, 429s %d, 503s %d%n",
                sent.get(), sent.get() / seconds, accepted.get(), duplicates.get(), rejected.get(), rateLimited.get(),
                unavailable.get());
    }

    private void throwIfFailed() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
