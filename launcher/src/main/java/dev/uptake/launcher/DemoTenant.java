package dev.uptake.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run command's demo tenant: created once through the gateway's operator API, its keys kept in
 * {@code <data>/demo-keys.env} so scripts can {@code source} it, and reused on later starts while they still work.
 */
public record DemoTenant(String tenantId, String writeKey, String readKey, String adminKey, Path file) {

    public static final String TENANT_ID = "demo";
    private static final Pattern KEY_FIELD = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public static DemoTenant ensure(Suite suite) {
        Path file = suite.options().dataDir().resolve("demo-keys.env");
        Map<String, String> saved = read(file);
        if (saved.containsKey("UPTAKE_ADMIN_KEY") && works(suite.gatewayUrl(), saved.get("UPTAKE_ADMIN_KEY"))) {
            DemoTenant demo = new DemoTenant(TENANT_ID, saved.get("UPTAKE_WRITE_KEY"), saved.get("UPTAKE_READ_KEY"),
                    saved.get("UPTAKE_ADMIN_KEY"), file);
            demo.write(suite);
            return demo;
        }
        String operator = suite.operatorToken();
        HttpResponse<String> created = post(suite.gatewayUrl() + "/admin/tenants", operator,
                "{\"id\":\"" + TENANT_ID + "\",\"name\":\"Demo Company\"}");
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("could not create the demo tenant: " + created.statusCode() + " "
                    + created.body());
        }
        DemoTenant demo = new DemoTenant(TENANT_ID, newKey(suite, "write"), newKey(suite, "read"),
                newKey(suite, "admin"), file);
        demo.write(suite);
        return demo;
    }

    private void write(Suite suite) {
        String content = "# Uptake demo tenant, written by ./uptake run. Development keys only.\n"
                + "UPTAKE_URL=" + suite.gatewayUrl() + "\n"
                + "UPTAKE_WRITE_KEY=" + writeKey + "\n"
                + "UPTAKE_READ_KEY=" + readKey + "\n"
                + "UPTAKE_ADMIN_KEY=" + adminKey + "\n"
                + "UPTAKE_OPERATOR_TOKEN=" + suite.operatorToken() + "\n";
        OwnerOnlyFiles.write(file, content);
    }

    private static String newKey(Suite suite, String kind) {
        HttpResponse<String> response = post(suite.gatewayUrl() + "/admin/tenants/" + TENANT_ID + "/keys",
                suite.operatorToken(), "{\"kind\":\"" + kind + "\"}");
        Matcher key = KEY_FIELD.matcher(response.body());
        if (response.statusCode() != 201 || !key.find()) {
            throw new IllegalStateException("could not create a " + kind + " key: " + response.statusCode() + " "
                    + response.body());
        }
        return key.group(1);
    }

    private static boolean works(String gatewayUrl, String adminKey) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/keys"))
                    .header("Authorization", "Bearer " + adminKey).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static HttpResponse<String> post(String url, String bearer, String json) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("gateway unreachable at " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    int equals = line.indexOf('=');
                    if (!line.startsWith("#") && equals > 0) {
                        values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }
}
