package dev.uptake.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The access log's batching: few writes, whole lines, none longer than a pipe takes whole, nothing held forever. */
class AccessLogWriterTest {

    private static final Duration NEVER = Duration.ofHours(1);

    /** Records each write separately. */
    private static final class Writes implements AccessLogSink {
        final List<String> writes = new ArrayList<>();
        int failuresLeft;

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IOException("broken pipe");
            }
            writes.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        synchronized List<String> all() {
            return List.copyOf(writes);
        }

        synchronized String joined() {
            return String.join("", writes);
        }
    }

    private static AccessLog started(Duration interval, Writes sink, AtomicInteger dropped) {
        AccessLog log = new AccessLog(true, interval, sink, dropped::incrementAndGet);
        log.start();
        return log;
    }

    @Test
    void shouldWriteTheLinesOfOneIntervalInOneWrite() {
        Writes sink = new Writes();
        AccessLog log = started(NEVER, sink, new AtomicInteger());

        IntStream.range(0, 10).forEach(i -> log.append("{\"n\":" + i + "}"));
        assertThat(sink.all()).isEmpty();
        log.close();

        assertThat(sink.all()).hasSize(1);
        assertThat(sink.joined().split("\n")).hasSize(10).startsWith("{\"n\":0}").endsWith("{\"n\":9}");
    }

    @Test
    void shouldWriteWithinTheFlushIntervalWithoutBeingClosed() {
        Writes sink = new Writes();
        AccessLog log = started(Duration.ofMillis(100), sink, new AtomicInteger());

        log.append("{\"n\":1}");

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.joined().equals("{\"n\":1}\n"));
        log.close();
    }

    @Test
    void shouldWriteAtOnceWhenABatchIsWaiting() {
        Writes sink = new Writes();
        AccessLog log = started(NEVER, sink, new AtomicInteger());
        String line = "x".repeat(1000);

        IntStream.range(0, AccessLog.BATCH / 1000 + 1).forEach(i -> log.append(line));

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.joined().length() >= AccessLog.BATCH);
        log.close();
    }

    @Test
    void shouldSplitABatchIntoWholeLinesOfAtMostAnAtomicWrite() {
        Writes sink = new Writes();
        AccessLog log = started(NEVER, sink, new AtomicInteger());
        List<String> lines = IntStream.range(0, 200).mapToObj(i -> "{\"n\":" + i + ",\"pad\":\"" + "p".repeat(i) + "\"}")
                .toList();

        lines.forEach(log::append);
        log.close();

        assertThat(sink.all()).hasSizeGreaterThan(1).allSatisfy(write -> {
            assertThat(write.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(AccessLog.ATOMIC_WRITE);
            assertThat(write).endsWith("\n");
        });
        assertThat(sink.joined()).isEqualTo(String.join("\n", lines) + "\n");
    }

    @Test
    void shouldWriteALineLongerThanAnAtomicWriteAloneAndWhole() {
        byte[] bytes = ("short\n" + "l".repeat(5000) + "\nafter\n").getBytes(StandardCharsets.UTF_8);

        int first = AccessLog.chunkEnd(bytes, 0);
        int second = AccessLog.chunkEnd(bytes, first);

        assertThat(first).isEqualTo(6);
        assertThat(second).isEqualTo(6 + 5001);
        assertThat(AccessLog.chunkEnd(bytes, second)).isEqualTo(bytes.length);
    }

    @Test
    void shouldKeepWritingAfterStandardOutputFailedOnce() {
        Writes sink = new Writes();
        sink.failuresLeft = 1;
        AccessLog log = started(Duration.ofMillis(50), sink, new AtomicInteger());

        log.append("lost");
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.failuresLeft == 0);
        log.append("kept");
        log.close();

        assertThat(sink.joined()).isEqualTo("kept\n");
    }

    @Test
    void shouldCountLinesAppendedAfterClose() {
        Writes sink = new Writes();
        AtomicInteger dropped = new AtomicInteger();
        AccessLog log = started(NEVER, sink, dropped);
        log.close();

        log.append("too late");

        assertThat(dropped).hasValue(1);
        assertThat(sink.all()).isEmpty();
    }
}
