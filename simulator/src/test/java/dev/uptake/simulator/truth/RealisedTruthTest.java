package dev.uptake.simulator.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.uptake.simulator.PlantedTruth;
import dev.uptake.simulator.SimulationSettings;
import dev.uptake.simulator.Simulator;
import dev.uptake.simulator.Worlds;
import dev.uptake.simulator.truth.RealisedTruth.Rate;
import dev.uptake.simulator.world.FeatureCatalog;

/**
 * The planted truth, measured on the generated calls after they were serialized and parsed back (never from the
 * generator's counters): every rate lies within about four standard errors of its planted value.
 */
class RealisedTruthTest {

    private static final PlantedTruth PLANTED = PlantedTruth.defaults();
    private static RealisedTruth realised;

    @BeforeAll
    static void generateAndMeasure() {
        SimulationSettings settings = Worlds.settings(11, 1200, 7000, 13);
        TruthMeter meter = new TruthMeter(settings, new FeatureCatalog(PLANTED.powerFeature()));
        new Simulator(Worlds.MAPPER).run(settings, (call, json) -> {
            try {
                meter.accept(Worlds.MAPPER.readTree(json));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        realised = meter.measure();
    }

    @Test
    void shouldRealiseThePlantedAdoptionRate() {
        assertWithinSamplingError(realised.adoption(), PLANTED.adoptionRate());
    }

    @Test
    void shouldRetainAdoptersMoreThanNonAdoptersAtThePlantedRates() {
        assertWithinSamplingError(realised.adopterRetention(), PLANTED.adopterRetention());
        assertWithinSamplingError(realised.nonAdopterRetention(), PLANTED.nonAdopterRetention());
        assertThat(realised.adopterRetention().rate()).isGreaterThan(realised.nonAdopterRetention().rate());
    }

    @Test
    void shouldRenewMoreInHigherUsageBandsAtThePlantedRates() {
        List<RealisedTruth.BandRenewals> bands = realised.renewalByBand();
        assertThat(bands).extracting(RealisedTruth.BandRenewals::band)
                .containsExactly("0", "1-5", "6-10", "11-15", "16+");
        assertWithinSamplingError(bands.get(0).renewal(), PLANTED.noUseRenewalRate());
        for (int i = 1; i < bands.size(); i++) {
            assertWithinSamplingError(bands.get(i).renewal(), PLANTED.renewalBands().get(i - 1).renewalRate());
        }
        assertThat(bands.subList(1, bands.size())).extracting(band -> band.renewal().rate()).isSorted();
    }

    @Test
    void shouldWalkNewUsersThroughThePlantedFunnel() {
        RealisedTruth.Funnel funnel = realised.funnel();
        PlantedTruth.Funnel planted = PLANTED.funnel();

        assertWithinSamplingError(funnel.loggedInWithin7Days(), planted.loginWithin7Days());
        assertWithinSamplingError(funnel.acted(), planted.act());
        assertWithinSamplingError(funnel.returned(), planted.returnRate());
        assertWithinSamplingError(funnel.weeklyHabit(), planted.weeklyHabit());
        assertWithinSamplingError(funnel.powerUsers(), planted.powerUser());
    }

    @Test
    void shouldSeparateRenewersFromChurnersByThePlantedLoginThreshold() {
        RealisedTruth.LoginSeparation logins = realised.logins();

        assertThat(logins.renewals()).isGreaterThan(500);
        assertThat(logins.separatedByPlanted().rate()).isGreaterThan(0.97);
        assertThat(logins.renewedMedian()).isGreaterThan(PLANTED.loginsPerWeekThreshold());
        assertThat(logins.churnedMedian()).isLessThan(PLANTED.loginsPerWeekThreshold());
    }

    @Test
    void shouldReportEachRenewalWithItsMeasuredUsage() {
        assertThat(realised.renewals()).isNotEmpty().allSatisfy(renewal -> {
            assertThat(renewal.outcome()).isIn("renewed", "expanded", "churned");
            int band = PLANTED.bandIndex(renewal.powerUses());
            assertThat(renewal.band()).isEqualTo(band < 0 ? "0" : PLANTED.renewalBands().get(band).label());
        });
        assertThat(realised.expansions()).isPositive();
    }

    /** Within four standard errors (and at least two percentage points) of the planted rate. */
    private static void assertWithinSamplingError(Rate rate, double planted) {
        assertThat(rate.population()).as("population").isGreaterThan(30);
        double standardError = Math.sqrt(planted * (1 - planted) / rate.population());
        assertThat(rate.rate()).as("rate of %s", rate).isCloseTo(planted, within(Math.max(0.02, 4 * standardError)));
    }
}
