package dev.uptake.system;

import static io.restassured.RestAssured.given;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.uptake.launcher.DemoTenant;
import dev.uptake.launcher.Suite;
import dev.uptake.launcher.SuiteOptions;
import dev.uptake.launcher.infra.Folders;
import io.restassured.response.ValidatableResponse;

/** The packaged suite on real infrastructure, started once for all system tests of this JVM. */
final class RunningSuite {

    private static Suite suite;
    private static DemoTenant tenant;

    private RunningSuite() {
    }

    static synchronized Suite suite() {
        if (suite == null) {
            try {
                Path root = Path.of(System.getProperty("uptake.repository.root", "..")).toAbsolutePath().normalize();
                Path data = Files.createTempDirectory("uptake-system-test");
                suite = Suite.start(SuiteOptions.forTests(root, data), step -> System.out.println("suite: " + step));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    suite.close();
                    Folders.deleteQuietly(data); // tens of MB a run: a CI machine runs this suite many times
                }, "stop-suite"));
                tenant = DemoTenant.ensure(suite);
            } catch (Exception e) {
                throw new IllegalStateException("the suite did not start", e);
            }
        }
        return suite;
    }

    static DemoTenant tenant() {
        suite();
        return tenant;
    }

    /** The event debugger's newest ten events of one user, asked through the gateway with the admin key. */
    static ValidatableResponse eventsOf(String userId) {
        return given().baseUri(suite().gatewayUrl()).header("Authorization", "Bearer " + tenant().adminKey())
                .queryParam("userId", userId).queryParam("limit", 10)
                .when().get("/v1/events")
                .then().statusCode(200);
    }
}
