import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The bare reference for single-event ingestion (M2): a Vert.x HTTP server that reads the same POST /v1/track body,
 * parses it as JSON and answers Segment's {"success":true}, doing nothing else (no key, no dedupe, no Kafka).
 * Run: java -cp <bench classpath> bench/BareEndpoint.java PORT
 */
public class BareEndpoint {

    public static void main(String[] args) {
        ObjectMapper mapper = new ObjectMapper();
        Buffer ok = Buffer.buffer("{\"success\":true}");
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            try {
                JsonNode call = mapper.readTree(body.getBytes());
                if (!call.hasNonNull("userId") && !call.hasNonNull("anonymousId")) {
                    request.response().setStatusCode(400).end();
                    return;
                }
                request.response().putHeader("Content-Type", "application/json").end(ok);
            } catch (Exception e) {
                request.response().setStatusCode(400).end();
            }
        })).listen(Integer.parseInt(args[0]), "127.0.0.1").onSuccess(server ->
                System.out.println("bare endpoint on " + server.actualPort()));
    }
}
