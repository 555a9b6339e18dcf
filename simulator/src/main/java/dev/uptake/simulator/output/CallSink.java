package dev.uptake.simulator.output;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Receives generated Segment calls one by one, as a JSON tree and as its serialized bytes (the same content). */
public interface CallSink extends AutoCloseable {

    void accept(ObjectNode call, byte[] json);

    @Override
    default void close() {
    }

    /** Sends every call to each sink in turn. */
    static CallSink all(CallSink... sinks) {
        return new CallSink() {
            @Override
            public void accept(ObjectNode call, byte[] json) {
                for (CallSink sink : sinks) {
                    sink.accept(call, json);
                }
            }

            @Override
            public void close() {
                RuntimeException failure = null;
                for (CallSink sink : sinks) {
                    try {
                        sink.close();
                    } catch (RuntimeException e) {
                        failure = failure == null ? e : failure;
                    }
                }
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }
}
