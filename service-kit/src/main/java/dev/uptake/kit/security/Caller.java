package dev.uptake.kit.security;

import jakarta.enterprise.context.RequestScoped;

/** Who is calling, as the gateway resolved it. The only source of the tenant a service may trust. */
@RequestScoped
public class Caller {

    private String tenantId;
    private String keyKind;

    public String tenantId() {
        if (tenantId == null) {
            throw new IllegalStateException("no tenant: the request did not come through the gateway filter");
        }
        return tenantId;
    }

    public String keyKind() {
        return keyKind;
    }

    void resolve(String tenantId, String keyKind) {
        this.tenantId = tenantId;
        this.keyKind = keyKind;
    }
}
