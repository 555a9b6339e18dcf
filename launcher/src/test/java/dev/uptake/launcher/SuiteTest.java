package dev.uptake.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SuiteTest {

    private static final Optional<Path> NICE = Optional.of(Path.of("/usr/bin/nice"));

    @Test
    void shouldLowerOnlyTheConsumersInTheScheduler() {
        assertThat(Suite.lowered(Service.SCORING, 10, NICE)).containsExactly("/usr/bin/nice", "-n", "10");
        assertThat(Suite.lowered(Service.CAMPAIGN, 7, NICE)).containsExactly("/usr/bin/nice", "-n", "7");
        assertThat(Suite.lowered(Service.INGESTION, 10, NICE)).isEmpty();
        assertThat(Suite.lowered(Service.GATEWAY, 10, NICE)).isEmpty();
    }

    @Test
    void shouldStartEveryServiceAsItIsWhenLoweringIsOffOrNiceIsMissing() {
        assertThat(Suite.lowered(Service.SCORING, 0, NICE)).isEmpty();
        assertThat(Suite.lowered(Service.SCORING, 10, Optional.empty())).isEmpty();
    }

    @Test
    void shouldRefuseANicenessOutsideWhatNiceTakes() {
        assertThat(SuiteOptions.niceness(0)).isZero();
        assertThat(SuiteOptions.niceness(19)).isEqualTo(19);
        assertThatThrownBy(() -> SuiteOptions.niceness(-5)).hasMessageContaining("UPTAKE_CONSUMER_NICE");
        assertThatThrownBy(() -> SuiteOptions.niceness(20)).hasMessageContaining("UPTAKE_CONSUMER_NICE");
    }

    @Test
    void shouldRunAProcessStartedWithThePrefixAtThatNiceness() throws Exception {
        assumeTrue(Files.isExecutable(NICE.get()), "nice is not installed here");
        // nice with no command prints the niceness it runs at.
        List<String> command = new ArrayList<>(Suite.lowered(Service.SCORING, 10, NICE));
        command.add(NICE.get().toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

        assertThat(process.waitFor()).isZero();
        assertThat(Integer.parseInt(printed)).isEqualTo(currentNiceness() + 10);
    }

    private static int currentNiceness() throws Exception {
        Process process = new ProcessBuilder(NICE.get().toString()).start();
        return Integer.parseInt(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }
}
