package dev.uptake.gateway.edge;

/** Names of the values the edge keeps on a request's RoutingContext, for the access log and metrics. */
final class EdgeAttributes {

    static final String REQUEST_ID = "uptake.requestId";
    static final String FAMILY = "uptake.family";
    static final String TENANT = "uptake.tenant";

    private EdgeAttributes() {
    }
}
