package dev.uptake.kit.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails once more than {@code max} bytes were read from the stream it wraps: a small gzip body can inflate a
 * thousandfold, so whoever inflates one reads it through this.
 */
public final class CappedInputStream extends FilterInputStream {

    /** The stream held more than the cap. */
    public static final class CapExceeded extends IOException {

        private final long bytesRead;

        CapExceeded(long bytesRead) {
            super("more than the cap was read (" + bytesRead + " bytes)");
            this.bytesRead = bytesRead;
        }

        /** How far reading got before it stopped. */
        public long bytesRead() {
            return bytesRead;
        }
    }

    private final long max;
    private long read;

    public CappedInputStream(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        count(Math.max(n, 0));
        return n;
    }

    private void count(int n) throws CapExceeded {
        read += n;
        if (read > max) {
            throw new CapExceeded(read);
        }
    }
}
