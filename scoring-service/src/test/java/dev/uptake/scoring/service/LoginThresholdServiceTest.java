package dev.uptake.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.uptake.scoring.LoginThreshold;
import dev.uptake.scoring.Window;

class LoginThresholdServiceTest {

    private static final Window WINDOW = new Window(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31));

    @Test
    void shouldPlaceTheThresholdInTheMiddleOfTheGapBetweenChurnsAndRenewals() {
        List<LoginThresholdService.Measured> measured = List.of(m(3.0, true), m(2.5, true), m(2.0, true), m(1.0, false),
                m(1.5, false));
        LoginThreshold result = LoginThresholdService.calibrate(WINDOW, 28, measured, 0, null);
        assertThat(result.threshold()).isEqualTo(1.75);
        assertThat(result.separated()).isEqualTo(5);
        assertThat(result.accuracy()).isEqualTo(100.0);
        assertThat(result.below()).isEqualTo(new LoginThreshold.Side(2, 0, 0.0));
        assertThat(result.atOrAbove()).isEqualTo(new LoginThreshold.Side(3, 3, 100.0));
        assertThat(result.renewedMedian()).isEqualTo(2.5);
        assertThat(result.churnedMedian()).isEqualTo(1.25);
        assertThat(result.evaluated()).isNull();
    }

    @Test
    void shouldNeverSplitEqualValues() {
        // 1.0 holds a renewal and a churn: a threshold on either side of it gets one of them wrong, so both gaps
        // around it separate four of five, and the threshold is the middle of that run.
        List<LoginThresholdService.Measured> measured = List.of(m(0.5, false), m(1.0, true), m(1.0, false), m(2.0, true),
                m(3.0, true));
        LoginThreshold result = LoginThresholdService.calibrate(WINDOW, 28, measured, 2, 2.5);
        assertThat(result.threshold()).isEqualTo(1.125);
        assertThat(result.separated()).isEqualTo(4);
        assertThat(result.unmeasured()).isEqualTo(2);
        assertThat(result.evaluated().separated()).isEqualTo(3);
    }

    @Test
    void shouldTakeTheLowestOfEquallyGoodRuns() {
        // Between 0.5 and 1.0, and between 1.5 and 2.0, three of four are on their side.
        List<LoginThresholdService.Measured> measured = List.of(m(0.5, false), m(1.0, true), m(1.5, false), m(2.0, true));
        LoginThreshold result = LoginThresholdService.calibrate(WINDOW, 28, measured, 0, null);
        assertThat(result.threshold()).isEqualTo(0.75);
        assertThat(result.separated()).isEqualTo(3);
    }

    @Test
    void shouldSeparateAsWellAsTheBestOfEveryPossibleThreshold() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<LoginThresholdService.Measured> measured = new ArrayList<>();
            int size = 1 + random.nextInt(30);
            for (int i = 0; i < size; i++) {
                // Coarse values, so ties are common.
                measured.add(m(random.nextInt(12) / 4.0, random.nextBoolean()));
            }
            long best = 0;
            for (double threshold = -0.125; threshold <= 3.25; threshold += 0.125) {
                best = Math.max(best, LoginThresholdService.separatedBy(measured, threshold));
            }
            LoginThreshold result = LoginThresholdService.calibrate(WINDOW, 28, measured, 0, null);
            assertThat(result.separated()).as("round %d: %s", round, measured).isEqualTo(best);
            assertThat(LoginThresholdService.separatedBy(measured, result.threshold())).isEqualTo(best);
        }
    }

    @Test
    void shouldHaveNoThresholdWithoutRenewals() {
        LoginThreshold result = LoginThresholdService.calibrate(WINDOW, 28, List.of(), 1, null);
        assertThat(result.threshold()).isNull();
        assertThat(result.renewals()).isZero();
    }

    private static LoginThresholdService.Measured m(double value, boolean renewed) {
        return new LoginThresholdService.Measured(value, renewed);
    }
}
