package dev.uptake.gateway.edge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.uptake.kit.http.CappedInputStream;
import io.vertx.core.buffer.Buffer;

/** Where a caller's API key can be: HTTP Basic username (Segment SDKs), Bearer token, or a batch body's writeKey. */
final class Credentials {

    private static final JsonFactory JSON = new JsonFactory();

    private Credentials() {
    }

    static Optional<String> fromAuthorization(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(value.substring(7).trim()).filter(key -> !key.isEmpty());
        }
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                // The key is the user name; Segment SDKs send an empty password.
                return Optional.of(colon >= 0 ? decoded.substring(0, colon) : decoded).filter(key -> !key.isEmpty());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The top-level {@code writeKey} of a JSON body, as Segment's tracking endpoints accept it. Reads with a streaming
     * parser and stops at the field, so a gzip body is only inflated as far as needed, and never past
     * {@code maxInflatedBytes}: the mobile SDKs put the key last, after the whole batch.
     *
     * @throws BoundedBody.TooLargeException when the key search inflates more than {@code maxInflatedBytes}
     */
    static Optional<String> fromBody(Buffer body, String contentEncoding, long maxInflatedBytes) {
        if (body == null || body.length() == 0) {
            return Optional.empty();
        }
        try (InputStream in = open(body, contentEncoding, maxInflatedBytes); JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("writeKey".equals(field) && value == JsonToken.VALUE_STRING) {
                    return Optional.of(parser.getText());
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (CappedInputStream.CapExceeded inflated) {
            throw new BoundedBody.TooLargeException();
        } catch (IOException e) {
            return Optional.empty(); // unreadable: no key, so 401; the body's own problems are the upstream's to report
        }
    }

    private static InputStream open(Buffer body, String contentEncoding, long maxInflatedBytes) throws IOException {
        InputStream raw = new ByteArrayInputStream(body.getBytes());
        return contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("gzip")
                ? new CappedInputStream(new GZIPInputStream(raw), maxInflatedBytes)
                : raw;
    }
}
