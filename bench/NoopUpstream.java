import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * The gateway benchmark's no-op upstream: answers every request with a small JSON body and does nothing else, so the
 * benchmark measures what the gateway itself costs. Run: java -Dsun.net.httpserver.nodelay=true bench/NoopUpstream.java PORT
 * (without TCP_NODELAY every answer waits for a delayed ACK, about 40 ms)
 */
public class NoopUpstream {

    public static void main(String[] args) throws IOException {
        byte[] body = "{\"items\":[],\"nextCursor\":null}".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 1024);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
                in.readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                out.write(body);
            }
        });
        server.start();
        System.out.println("no-op upstream on " + server.getAddress());
    }
}
