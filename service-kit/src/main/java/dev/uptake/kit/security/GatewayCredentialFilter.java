package dev.uptake.kit.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.logging.MDC;

import dev.uptake.contracts.InternalHeaders;
import dev.uptake.kit.problem.Problems;

/**
 * Every {@code /v1} call must carry the gateway's credential and the tenant it resolved (OWASP API1/API3: the tenant
 * never comes from a path or a body). Calling a service directly, around the gateway, gets 401.
 */
public class GatewayCredentialFilter {

    private final byte[] expectedToken;
    private final Caller caller;

    public GatewayCredentialFilter(InternalAuthConfig config, Caller caller) {
        this.expectedToken = config.token().getBytes(StandardCharsets.UTF_8);
        this.caller = caller;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String requestId = request.getHeaderString(InternalHeaders.REQUEST_ID);
        if (requestId != null) {
            MDC.put("requestId", requestId);
        }
        if (!request.getUriInfo().getPath().startsWith("/v1/")) {
            return Optional.empty();
        }
        String token = request.getHeaderString(InternalHeaders.GATEWAY_TOKEN);
        String tenant = request.getHeaderString(InternalHeaders.TENANT);
        if (token == null || !MessageDigest.isEqual(expectedToken, token.getBytes(StandardCharsets.UTF_8))
                || tenant == null || tenant.isBlank()) {
            return Optional.of(Problems.response(401, "unauthorized", "Unauthorized",
                    "Call Uptake through the gateway with an API key.", request.getUriInfo().getRequestUri().getRawPath()));
        }
        caller.resolve(tenant, request.getHeaderString(InternalHeaders.KEY_KIND));
        return Optional.empty();
    }
}
