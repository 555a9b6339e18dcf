package dev.uptake.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/** Standard output's stand-in in the gateway's tests: keeps the newest access-log lines in memory. */
@Alternative
@Priority(1)
@Singleton
public class CapturedAccessLog implements AccessLogSink {

    private static final int KEPT = 10_000;
    private final Deque<String> lines = new ArrayDeque<>();

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (String line : new String(bytes, offset, length, StandardCharsets.UTF_8).split("\n")) {
            if (lines.size() == KEPT) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
