package dev.uptake.gateway.edge;

import java.io.IOException;

/** Where access-log batches go: standard output in production. */
public interface AccessLogSink {

    /** Writes {@code length} bytes of whole lines; called by one thread at a time. */
    void write(byte[] bytes, int offset, int length) throws IOException;
}
