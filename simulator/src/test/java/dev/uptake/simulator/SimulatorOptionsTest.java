package dev.uptake.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

    @Test
    void shouldUseTheIssueDefaultsWhenNothingIsGiven() {
        SimulatorOptions options = SimulatorOptions.parse(new String[0], Map.of());

        assertThat(options.settings()).extracting(SimulationSettings::seed, SimulationSettings::accounts,
                SimulationSettings::users, SimulationSettings::months, SimulationSettings::end)
                .containsExactly(42L, 300, 3000, 13, LocalDate.now(ZoneOffset.UTC));
        assertThat(options.settings().truth()).isEqualTo(PlantedTruth.defaults());
        assertThat(options.sends()).isFalse();
    }

    @Test
    void shouldOverrideWorldAndPlantedTruthFromTheCommandLine() {
        SimulatorOptions options = SimulatorOptions.parse(new String[] { "--seed", "9", "--accounts", "10",
                "--users", "50", "--months", "6", "--end", "2026-01-01", "--adoption", "0.5", "--funnel",
                "0.5,0.6,0.7,0.8,0.9", "--renewal-bands", "1-3:0.2,4+:0.9", "--login-threshold", "3",
                "--power-feature", "automations" }, Map.of());

        PlantedTruth truth = options.settings().truth();
        assertThat(options.settings().start()).isEqualTo(LocalDate.parse("2025-07-01"));
        assertThat(truth.adoptionRate()).isEqualTo(0.5);
        assertThat(truth.funnel()).isEqualTo(new PlantedTruth.Funnel(0.5, 0.6, 0.7, 0.8, 0.9));
        assertThat(truth.renewalBands()).extracting(PlantedTruth.UsageBand::label).containsExactly("1-3", "4+");
        assertThat(truth.loginsPerWeekThreshold()).isEqualTo(3.0);
        assertThat(truth.powerFeature()).isEqualTo("automations");
    }

    @Test
    void shouldTakeUrlAndWriteKeyFromTheEnvironmentOfDemoKeys() {
        SimulatorOptions options = SimulatorOptions.parse(new String[0],
                Map.of("UPTAKE_URL", "http://localhost:8080", "UPTAKE_WRITE_KEY", "wk_demo"));

        assertThat(options.sends()).isTrue();
        assertThat(options.senderSettings().writeKey()).isEqualTo("wk_demo");
    }

    @Test
    void shouldRefuseSendingWithoutAWriteKey() {
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] { "--url", "http://localhost:8080" }, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--write-key");
    }

    @Test
    void shouldRefuseSendingAWorldThatEndsInTheFuture() {
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();

        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] { "--end", tomorrow }, Map.of("UPTAKE_URL",
                "http://localhost:8080", "UPTAKE_WRITE_KEY", "wk_demo"))).hasMessageContaining("in the future");
        assertThat(SimulatorOptions.parse(new String[] { "--end", tomorrow }, Map.of()).settings().end())
                .isEqualTo(LocalDate.parse(tomorrow));
    }

    @Test
    void shouldRefuseUnknownOptionsAndBadValues() {
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] { "--acounts", "3" }, Map.of()))
                .hasMessageContaining("unknown option --acounts");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] { "--adoption", "1.5" }, Map.of()))
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] { "--renewal-bands", "2-5:0.5,6+:0.6" },
                Map.of())).hasMessageContaining("start at 1");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] { "--power-feature", "nope" }, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldListEveryOptionInTheHelp() {
        assertThat(SimulatorOptions.parse(new String[] { "--help" }, Map.of()).help()).isTrue();
        assertThat(SimulatorOptions.HELP).contains("--seed", "--accounts", "--users", "--months", "--end", "--url",
                "--write-key", "--rate", "--in-flight", "--batch-size", "--out", "--truth", "--features",
                "--adoption", "--adopter-retention", "--non-adopter-retention", "--renewal-bands", "--funnel",
                "--login-threshold", "--power-feature");
    }
}
