package dev.uptake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoLoadTest {

    @Test
    void shouldSplitAnArrayIntoItsTopLevelObjectsRespectingNestingAndStrings() {
        String array = "[ {\"key\":\"a\",\"depthLevels\":[{\"name\":\"x}\"}]}, {\"key\":\"b\\\"{\"} ]";

        assertThat(DemoLoad.splitTopLevelObjects(array)).containsExactly(
                "{\"key\":\"a\",\"depthLevels\":[{\"name\":\"x}\"}]}", "{\"key\":\"b\\\"{\"}");
    }
}
