package dev.uptake.simulator.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Groups serialized calls into {@code /v1/batch} bodies that stay under the API's limits. */
public final class BatchBuilder {

    /** Segment's limits are 500 KB per request and 32 KB per call; the margin leaves room for the envelope. */
    public static final int MAX_BODY_BYTES = 500 * 1000;
    public static final int MAX_CALL_BYTES = 32 * 1000;
    private static final int ENVELOPE_BYTES = 1024;
    private static final byte[] LIBRARY_CONTEXT =
            ",\"context\":{\"library\":{\"name\":\"uptake-simulator\",\"version\":\"0.1.0\"}}}"
                    .getBytes(StandardCharsets.UTF_8);

    private final int maxCalls;
    private List<byte[]> calls = new ArrayList<>();
    private int bytes;

    public BatchBuilder(int maxCalls) {
        if (maxCalls < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1");
        }
        this.maxCalls = maxCalls;
    }

    /** Adds a call; returns the batch that had to be closed to make room for it, or null. */
    public List<byte[]> add(byte[] call) {
        if (call.length > MAX_CALL_BYTES) {
            throw new IllegalArgumentException("a call of " + call.length + " bytes exceeds the 32 KB limit");
        }
        List<byte[]> full = null;
        if (!calls.isEmpty() && (calls.size() >= maxCalls || bytes + call.length + 1 > MAX_BODY_BYTES - ENVELOPE_BYTES)) {
            full = drain();
        }
        calls.add(call);
        bytes += call.length + 1;
        return full;
    }

    /** The calls gathered so far (possibly none), starting a new batch. */
    public List<byte[]> drain() {
        List<byte[]> batch = calls;
        calls = new ArrayList<>();
        bytes = 0;
        return batch;
    }

    /** The request body: {@code {"batch":[...],"sentAt":"...","context":{...}}}. */
    public static byte[] body(List<byte[]> calls, String sentAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(calls.size() * 300 + 256);
        out.writeBytes("{\"batch\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < calls.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(calls.get(i));
        }
        out.writeBytes(("],\"sentAt\":\"" + sentAt + "\"").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(LIBRARY_CONTEXT);
        return out.toByteArray();
    }
}
