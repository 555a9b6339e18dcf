package dev.uptake.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code ./uptake run}: the whole suite on embedded defaults, with a demo tenant, until Ctrl-C. */
public final class Main {

    private static final String DEMO_TOUR = """
            Demo tour (simulated tenant, planted truth in .uptake/demo-truth.json):
                  curl -s -H "Authorization: Bearer $UPTAKE_READ_KEY" "$UPTAKE_URL/v1/metrics/overview"
                  curl -s -H "Authorization: Bearer $UPTAKE_READ_KEY" "$UPTAKE_URL/v1/features"
                  curl -s -H "Authorization: Bearer $UPTAKE_READ_KEY" "$UPTAKE_URL/v1/features/forecasting/adoption"
                  curl -s -H "Authorization: Bearer $UPTAKE_READ_KEY" "$UPTAKE_URL/v1/features/forecasting/retention?minLevel=used"
                  curl -s -H "Authorization: Bearer $UPTAKE_READ_KEY" "$UPTAKE_URL/v1/features/forecasting/renewals?minLevel=used"
                  curl -s -H "Authorization: Bearer $UPTAKE_READ_KEY" "$UPTAKE_URL/v1/analysis/login-threshold?threshold=2"
                  curl -s -H "Authorization: Bearer $UPTAKE_READ_KEY" "$UPTAKE_URL/v1/funnels/activation?actionFromLevel=used"
                  curl -s -H "Authorization: Bearer $UPTAKE_READ_KEY" "$UPTAKE_URL/v1/segments"
                  curl -s -H "Authorization: Bearer $UPTAKE_READ_KEY" "$UPTAKE_URL/v1/accounts?sort=-eventCount&limit=5"
                  curl -s -H "Authorization: Bearer $UPTAKE_READ_KEY" "$UPTAKE_URL/v1/accounts/acc-0001"
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = Arrays.asList(args).subList(Math.min(2, args.length), args.length);
        if (args.length < 2 || !args[1].equals("run") || flags.stream().anyMatch(flag -> !flag.equals("--demo"))) {
            System.err.println("usage: uptake run [--demo]");
            System.exit(2);
        }
        boolean demo = flags.contains("--demo");
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        SuiteOptions options = SuiteOptions.fromEnvironment(root);
        Files.createDirectories(options.dataDir());
        try (FileChannel lockFile = FileChannel.open(options.dataDir().resolve("run.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                System.err.println("uptake: another run already uses " + options.dataDir() + " (see its run.lock); "
                        + "stop it first, or set UPTAKE_DATA_DIR to use another folder.");
                System.exit(1);
            }
            lockFile.truncate(0).write(java.nio.ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid())
                    .getBytes(StandardCharsets.US_ASCII)));
            run(options, demo);
        }
    }

    private static void run(SuiteOptions options, boolean loadDemo) throws InterruptedException, IOException {
        Instant begin = Instant.now();
        System.out.println("uptake: data in " + options.dataDir() + ", logs in " + options.dataDir().resolve("logs"));
        Suite suite;
        try {
            suite = Suite.start(options, step -> System.out.println("uptake: " + step));
        } catch (IllegalStateException e) {
            System.err.println("uptake: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nuptake: stopping...");
            suite.close();
            stopped.countDown();
        }, "uptake-stop"));
        DemoTenant demo;
        Duration took;
        try {
            demo = DemoTenant.ensure(suite);
            took = Duration.between(begin, Instant.now());
            if (loadDemo) {
                DemoLoad.ensureLoaded(suite, demo);
            }
        } catch (RuntimeException e) {
            // Say what failed and stop everything, rather than leave a half-started suite running silently.
            System.err.println("uptake: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.printf("""

                Uptake is running (ready in %d s).
                  Gateway:     %s
                  Swagger UI:  %s/docs
                  OpenAPI:     %s/openapi
                  Demo tenant: %s  (keys in %s)
                    UPTAKE_WRITE_KEY=%s
                    UPTAKE_READ_KEY=%s
                    UPTAKE_ADMIN_KEY=%s

                Try:  source %s
                      curl -s -u "$UPTAKE_WRITE_KEY:" "$UPTAKE_URL/v1/track" -H 'Content-Type: application/json' \\
                        -d '{"userId":"u-1","event":"Report Built","context":{"groupId":"acme"}}'
                      curl -s -H "Authorization: Bearer $UPTAKE_READ_KEY" "$UPTAKE_URL/v1/accounts/acme"
                %sCtrl-C stops everything; data stays in %s.
                """, took.toSeconds(), suite.gatewayUrl(), suite.gatewayUrl(), suite.gatewayUrl(), demo.tenantId(),
                demo.file(), demo.writeKey(), demo.readKey(), demo.adminKey(), demo.file(),
                loadDemo ? DEMO_TOUR : "", options.dataDir());
        stopped.await();
    }
}
