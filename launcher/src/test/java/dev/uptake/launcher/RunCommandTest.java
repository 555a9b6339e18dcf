package dev.uptake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's run command, as a user types it: options are checked before anything is built or started. */
class RunCommandTest {

    private static final Path SCRIPT = Path.of("..", "uptake").toAbsolutePath().normalize();

    @TempDir
    Path data;

    @TempDir
    Path output;

    @Test
    void shouldRefuseAnUnknownOptionWithTheUsageAndStartNothing() throws Exception {
        Result result = uptake("run", "--dmeo");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("uptake: unknown option --dmeo").contains("./uptake run --demo");
        assertThat(result.stdout()).doesNotContain("building").doesNotContain("Starting");
        try (var files = Files.list(data)) {
            assertThat(files).as("nothing written to the data folder").isEmpty();
        }
    }

    @Test
    void shouldPrintTheUsageIncludingTheDemoOnHelp() throws Exception {
        Result result = uptake("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("./uptake run --demo").contains("UPTAKE_DATA_DIR")
                .contains("UPTAKE_LAUNCHER_JVM_OPTIONS");
    }

    @Test
    void shouldFindWhatTheDemoUsesOnTheRunCommandsClasspath() throws Exception {
        // The run command starts the launcher on launcher/target/launcher.classpath (runtime scope), without the
        // broker's provided jars that the tests see.
        List<URL> urls = new ArrayList<>(List.of(Path.of("target", "classes").toUri().toURL()));
        for (String entry : Files.readString(Path.of("target", "launcher.classpath")).trim().split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        try (var loader = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            Class<?> lag = Class.forName("dev.uptake.launcher.infra.ConsumerLag", true, loader);

            assertThat(lag.getConstructor(String.class).getParameterCount()).isEqualTo(1);
            assertThat(Class.forName("org.apache.kafka.clients.admin.Admin", false, loader).getClassLoader())
                    .isSameAs(loader);
            assertThat(Class.forName("dev.uptake.contracts.Topics", false, loader).getClassLoader()).isSameAs(loader);
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result uptake(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("UPTAKE_DATA_DIR", data.toString());
        Path out = output.resolve("stdout");
        Path err = output.resolve("stderr");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the command returned").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
