package dev.uptake.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import dev.uptake.scoring.Feature;
import dev.uptake.scoring.repository.Ids;

class FeatureUseTest {

    private static final Feature REPORTS = new Feature("reports", "Reports", List.of(
            new Feature.EventMatch("Report Viewed", null, null), new Feature.EventMatch("Report Run", null, null),
            new Feature.EventMatch("Exported", "format", "pdf.v2")), "core", 80, "high", List.of(), List.of(),
            List.of(new Feature.DepthLevel("viewed", List.of("Report Viewed"), 30),
                    new Feature.DepthLevel("used", List.of("Report Run"), 70)),
            false);

    /** First uses keyed as the rollups key them: field-safe names, "?" + the rule for property matches. */
    private static Document user(String viewed, String run, String exported) {
        Document firstUsed = new Document();
        if (viewed != null) {
            firstUsed.append("Report Viewed", viewed);
        }
        if (run != null) {
            firstUsed.append("Report Run", run);
        }
        if (exported != null) {
            firstUsed.append(Ids.field("?Exported|format=pdf.v2"), exported);
        }
        return new Document(RollupService.FIRST_USED, firstUsed);
    }

    @Test
    void shouldTakeTheEarliestUseOfAnyOfTheFeaturesEventsIncludingPropertyMatches() {
        assertThat(FeatureUse.firstUse(user("2026-03-01", "2026-03-05", "2026-02-01"),
                FeatureUse.keys(REPORTS, FeatureUse.ANY_LEVEL)))
                .isEqualTo("2026-02-01");
        assertThat(FeatureUse.firstUse(user(null, "2026-03-05", null), FeatureUse.keys(REPORTS, FeatureUse.ANY_LEVEL)))
                .isEqualTo("2026-03-05");
    }

    @Test
    void shouldCountOnlyTheEventsOfTheMinimumLevelAndDeeper() {
        int used = FeatureUse.minWeight(REPORTS, "used");

        assertThat(FeatureUse.firstUse(user("2026-01-01", "2026-03-05", "2026-02-01"),
                FeatureUse.keys(REPORTS, used)))
                .isEqualTo("2026-03-05");
        assertThat(FeatureUse.firstUse(user("2026-01-01", null, null), FeatureUse.keys(REPORTS, used))).isNull();
        assertThat(FeatureUse.firstUse(new Document(), FeatureUse.keys(REPORTS, FeatureUse.ANY_LEVEL))).isNull();
    }

    @Test
    void shouldNameTheCountersThatCountAsUse() {
        assertThat(FeatureUse.keys(REPORTS, FeatureUse.ANY_LEVEL))
                .containsExactly("Report Viewed", "Report Run", "?Exported|format=pdf.v2");
        assertThat(FeatureUse.keys(REPORTS, FeatureUse.minWeight(REPORTS, "viewed")))
                .containsExactly("Report Viewed", "Report Run");
    }
}
