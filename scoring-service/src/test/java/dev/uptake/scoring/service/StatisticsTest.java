package dev.uptake.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Expected values computed independently with Python's math.erf and the textbook formulas. */
class StatisticsTest {

    @Test
    void shouldMatchTheStandardNormalDistribution() {
        assertThat(Statistics.normalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Statistics.normalCdf(1.959963984540054)).isCloseTo(0.975, within(1e-6));
        assertThat(Statistics.normalCdf(-1)).isCloseTo(0.15865525393145707, within(1e-6));
        assertThat(Statistics.normalCdf(3)).isCloseTo(0.9986501019683699, within(1e-6));
    }

    @Test
    void shouldTestTheDifferenceOfTwoProportions() {
        // 45 of 100 against 30 of 100: pooled 0.375, z = 2.1909.
        assertThat(Statistics.twoProportionPValue(45, 100, 30, 100)).isCloseTo(0.028459, within(1e-5));
        assertThat(Statistics.twoProportionPValue(30, 100, 45, 100)).isCloseTo(0.028459, within(1e-5));
        assertThat(Statistics.twoProportionPValue(5, 10, 5, 10)).isCloseTo(1.0, within(1e-6));
        assertThat(Statistics.twoProportionPValue(10, 10, 20, 20)).isEqualTo(1.0);
    }

    @Test
    void shouldKeepWilsonIntervalsInsideZeroAndOne() {
        assertThat(Statistics.wilson95(0, 10)).containsExactly(new double[] { 0, 0.2775327998628892 }, within(1e-9));
        assertThat(Statistics.wilson95(10, 10)).containsExactly(new double[] { 0.7224672001371108, 1 }, within(1e-9));
        assertThat(Statistics.wilson95(94, 100)).containsExactly(new double[] { 0.8752318, 0.9722139 }, within(1e-6));
    }
}
