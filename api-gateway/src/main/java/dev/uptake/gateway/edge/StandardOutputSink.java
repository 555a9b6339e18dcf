package dev.uptake.gateway.edge;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;

import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * The process's standard output, written directly: {@code System.out} would split a batch into a write per 128-byte
 * buffer. The other log lines reach the same descriptor through {@code System.out}.
 */
@Singleton
@DefaultBean
public class StandardOutputSink implements AccessLogSink {

    private final FileOutputStream out = new FileOutputStream(FileDescriptor.out);

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }
}
