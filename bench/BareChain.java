import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The floor of M2's architecture, in bare code: the two hops a single track call takes (the gateway, then ingestion
 * publishing to Kafka and answering once it is acknowledged), each as little as it can be. No key, no tenant, no
 * rate limit, no dedupe, no archive. Whatever this chain reaches against BareEndpoint.java on the same cores bounds
 * what any implementation of that path can reach here.
 *
 * <pre>
 * java -cp CLASSPATH BareChain.java producer PORT BOOTSTRAP TOPIC   (parse, send with acks=all, answer on ack)
 * java -cp CLASSPATH BareChain.java front PORT UPSTREAM_PORT        (relay each request to the producer)
 * </pre>
 */
public class BareChain {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx();
        if (args[0].equals("producer")) {
            producer(vertx, port, args[2], args[3]);
        } else {
            front(vertx, port, Integer.parseInt(args[2]));
        }
    }

    /** A port taken (say, by a run left behind) must stop the benchmark, not leave it waiting. */
    static void exit(Throwable error) {
        error.printStackTrace();
        System.exit(1);
    }

    static void producer(Vertx vertx, int port, String bootstrap, String topic) {
        Properties properties = new Properties();
        // Ingestion's producer settings.
        properties.put("bootstrap.servers", bootstrap);
        properties.put("acks", "all");
        properties.put("enable.idempotence", "true");
        properties.put("compression.type", "lz4");
        properties.put("linger.ms", "0");
        properties.put("key.serializer", StringSerializer.class.getName());
        properties.put("value.serializer", StringSerializer.class.getName());
        KafkaProducer<String, String> kafka = new KafkaProducer<>(properties);
        ObjectMapper mapper = new ObjectMapper();
        Buffer ok = Buffer.buffer("{\"success\":true}");
        vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            JsonNode call;
            try {
                call = mapper.readTree(body.getBytes());
            } catch (Exception e) {
                request.response().setStatusCode(400).end();
                return;
            }
            JsonNode user = call.hasNonNull("userId") ? call.get("userId") : call.get("anonymousId");
            if (user == null) {
                request.response().setStatusCode(400).end();
                return;
            }
            Context context = Vertx.currentContext();
            kafka.send(new ProducerRecord<>(topic, user.asText(), body.toString()), (metadata, error) ->
                    context.runOnContext(ignored -> {
                        if (error != null) {
                            request.response().setStatusCode(503).end();
                        } else {
                            request.response().putHeader("Content-Type", "application/json").end(ok);
                        }
                    }));
        })).listen(port, "127.0.0.1").onSuccess(server ->
                System.out.println("bare producer on " + server.actualPort())).onFailure(BareChain::exit);
    }

    static void front(Vertx vertx, int port, int upstreamPort) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(64));
        vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                    .setPort(upstreamPort).setURI(request.uri())
                    .putHeader("Content-Type", request.getHeader("Content-Type"));
            client.request(options)
                    .compose(upstream -> upstream.send(body))
                    .compose(answer -> answer.body().map(bytes -> {
                        request.response().setStatusCode(answer.statusCode())
                                .putHeader("Content-Type", "application/json").end(bytes);
                        return bytes;
                    }))
                    .onFailure(error -> request.response().setStatusCode(502).end());
        })).listen(port, "127.0.0.1").onSuccess(server ->
                System.out.println("bare front on " + server.actualPort())).onFailure(BareChain::exit);
    }
}
