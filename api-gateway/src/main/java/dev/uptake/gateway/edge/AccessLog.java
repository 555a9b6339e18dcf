package dev.uptake.gateway.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.uptake.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;

/**
 * The access log, written in batches as nginx's {@code buffer=}/{@code flush=} and Envoy's file flush do: request
 * threads only append to memory, and one writer thread empties it at every flush interval, or sooner when a batch's
 * worth is waiting. A write and a flush per line had been about a sixth of the gateway's CPU per proxied request.
 */
@Singleton
public class AccessLog {

    /** A pipe takes a write of up to this many bytes whole, so another writer's line never lands inside one of ours. */
    static final int ATOMIC_WRITE = 4096;
    /** When this much waits, the writer does not wait for the interval. */
    static final int BATCH = 32 * 1024;
    /** Lines beyond this while standard output is stuck are dropped and counted rather than held without bound. */
    static final int MAX_PENDING = 8 * 1024 * 1024;

    private final Object lock = new Object();
    private final boolean enabled;
    private final long flushNanos;
    private final AccessLogSink sink;
    private final Runnable dropped;
    private StringBuilder pending = new StringBuilder(BATCH);
    private boolean closed;
    private Thread writer;

    @Inject
    public AccessLog(GatewayConfig config, AccessLogSink sink, GatewayMetrics metrics) {
        this(config.accessLog().enabled(), config.accessLog().flushInterval(), sink, metrics::accessLineDropped);
    }

    AccessLog(boolean enabled, Duration flushInterval, AccessLogSink sink, Runnable dropped) {
        this.enabled = enabled;
        this.flushNanos = flushInterval.toNanos();
        this.sink = sink;
        this.dropped = dropped;
    }

    /** Off ({@code UPTAKE_ACCESS_LOG=false}): no writer thread, and callers need not build lines at all. */
    public boolean enabled() {
        return enabled;
    }

    @PostConstruct
    void start() {
        if (!enabled) {
            return;
        }
        writer = new Thread(this::drain, "uptake-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues one line (without its newline); never blocks on output. */
    public void append(CharSequence line) {
        if (!enabled) {
            return;
        }
        synchronized (lock) {
            if (closed || pending.length() >= MAX_PENDING) {
                dropped.run();
                return;
            }
            pending.append(line).append('\n');
            if (pending.length() >= BATCH) {
                lock.notifyAll();
            }
        }
    }

    /** Writes what is waiting and stops the writer; lines appended afterwards are dropped and counted. */
    @PreDestroy
    void close() {
        if (writer == null) {
            return;
        }
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        boolean last = false;
        while (!last) {
            StringBuilder batch;
            synchronized (lock) {
                long deadline = System.nanoTime() + flushNanos;
                long wait;
                while (!closed && pending.length() < BATCH && (wait = deadline - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, wait);
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                // An idle gateway keeps its empty buffer instead of allocating another every interval.
                batch = pending.isEmpty() ? null : pending;
                if (batch != null) {
                    pending = new StringBuilder(BATCH);
                }
                last = closed;
            }
            if (batch != null) {
                write(batch);
            }
        }
    }

    private void write(StringBuilder batch) {
        byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
        try {
            for (int start = 0; start < bytes.length;) {
                int end = chunkEnd(bytes, start);
                sink.write(bytes, start, end - start);
                start = end;
            }
        } catch (IOException e) {
            Log.warnf("Access-log lines lost: standard output failed (%s)", e.getMessage());
        }
    }

    /** The end of the next write: whole lines up to ATOMIC_WRITE bytes, or one longer line alone. */
    static int chunkEnd(byte[] bytes, int start) {
        int limit = Math.min(bytes.length, start + ATOMIC_WRITE);
        if (limit == bytes.length) {
            return limit;
        }
        for (int i = limit - 1; i >= start; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        for (int i = limit; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return bytes.length;
    }
}
