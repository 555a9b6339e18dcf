package dev.uptake.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DemoLoadTest {

    @Test
    void shouldSplitAnArrayIntoItsTopLevelObjectsRespectingNestingAndStrings() {
        String array = "[ {\"key\":\"a\",\"depthLevels\":[{\"name\":\"x}\"}]}, {\"key\":\"b\\\"{\"} ]";

        assertThat(DemoLoad.splitTopLevelObjects(array)).containsExactly(
                "{\"key\":\"a\",\"depthLevels\":[{\"name\":\"x}\"}]}", "{\"key\":\"b\\\"{\"}");
    }

    @Test
    void shouldTakeTheDemosSizeFromTheEnvironmentAndWaitLongerForABiggerWorld() {
        assertThat(DemoLoad.Size.of(Map.of())).isEqualTo(new DemoLoad.Size(300, 3000, 13));
        assertThat(DemoLoad.Size.of(Map.of()).analysisWait()).isEqualTo(Duration.ofMinutes(10));

        DemoLoad.Size big = DemoLoad.Size.of(Map.of("UPTAKE_DEMO_ACCOUNTS", "10000", "UPTAKE_DEMO_USERS", " 20000 ",
                "UPTAKE_DEMO_MONTHS", "12"));
        assertThat(big).isEqualTo(new DemoLoad.Size(10000, 20000, 12));
        assertThat(big.analysisWait()).isEqualTo(Duration.ofMinutes(70));
        assertThatThrownBy(() -> DemoLoad.Size.of(Map.of("UPTAKE_DEMO_USERS", "0")))
                .hasMessageContaining("UPTAKE_DEMO_USERS");
    }
}
