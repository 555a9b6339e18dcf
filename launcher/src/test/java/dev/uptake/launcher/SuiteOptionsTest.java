package dev.uptake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SuiteOptionsTest {

    @Test
    void shouldGiveEveryServiceTheDefaultHeapWhenNothingIsSet() {
        assertThat(SuiteOptions.heaps(Map.of())).hasSize(Service.values().length).containsOnlyKeys(Service.values())
                .allSatisfy((service, heap) -> assertThat(heap).isEqualTo("256m"));
    }

    @Test
    void shouldLetAServicesOwnHeapWinOverTheSharedOne() {
        Map<Service, String> heaps = SuiteOptions.heaps(Map.of("UPTAKE_SERVICE_HEAP", " 384m ",
                "UPTAKE_SCORING_HEAP", "1g", "UPTAKE_GATEWAY_HEAP", " "));

        assertThat(heaps).containsEntry(Service.SCORING, "1g").containsEntry(Service.INGESTION, "384m")
                .containsEntry(Service.CAMPAIGN, "384m").containsEntry(Service.GATEWAY, "384m");
    }
}
