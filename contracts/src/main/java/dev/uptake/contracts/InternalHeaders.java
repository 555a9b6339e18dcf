package dev.uptake.contracts;

/**
 * Headers only the gateway may set. The gateway strips any a client sends, resolves the API key, and forwards the
 * tenant with the internal credential; services trust the tenant from nowhere else.
 */
public final class InternalHeaders {

    public static final String TENANT = "X-Uptake-Tenant";
    public static final String KEY_KIND = "X-Uptake-Key-Kind";
    public static final String GATEWAY_TOKEN = "X-Uptake-Gateway-Token";
    public static final String REQUEST_ID = "X-Request-Id";

    private InternalHeaders() {
    }
}
