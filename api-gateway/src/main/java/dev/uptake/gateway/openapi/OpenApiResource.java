package dev.uptake.gateway.openapi;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** {@code GET /openapi}: the merged public contract, JSON by default, YAML on request. Swagger UI at /docs reads it. */
@Path("/openapi")
public class OpenApiResource {

    private static final YAMLMapper YAML = new YAMLMapper();

    private final OpenApiDocuments documents;
    private final ObjectMapper mapper;

    public OpenApiResource(OpenApiDocuments documents, ObjectMapper mapper) {
        this.documents = documents;
        this.mapper = mapper;
    }

    @GET
    @Operation(hidden = true)
    public Uni<Response> document(@QueryParam("format") String format, @HeaderParam("Accept") String accept,
            @Context HttpServerRequest request) {
        boolean yaml = format != null ? format.equalsIgnoreCase("yaml")
                : accept != null && accept.toLowerCase().contains("yaml");
        return documents.merged(request.localAddress().hostAddress(), request.localAddress().port())
                .map(document -> yaml ? render(YAML, document, "application/yaml")
                        : render(mapper, document, "application/json"));
    }

    private static Response render(ObjectMapper writer, JsonNode document, String type) {
        try {
            return Response.ok(writer.writerWithDefaultPrettyPrinter().writeValueAsString(document), type).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
