package dev.uptake.scoring.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import dev.uptake.scoring.Window;

/** The renewals the accounts reported (their {@code renewals} field: date → outcome), as the analyses read them. */
final class RenewalHistory {

    /** One renewal: churned is not renewed, any other outcome is. */
    record Renewal(String accountId, LocalDate date, boolean renewed) {
    }

    private RenewalHistory() {
    }

    /** The renewals dated in {@code window} of the accounts {@code filter} keeps. */
    static List<Renewal> dated(Collection<Document> accounts, Window window, MetricsService.Filter filter) {
        List<Renewal> dated = new ArrayList<>();
        for (Document account : accounts) {
            Document renewals = account.get("renewals", Document.class);
            if (renewals == null || !filter.accountMatches(account)) {
                continue;
            }
            for (Map.Entry<String, Object> renewal : renewals.entrySet()) {
                LocalDate date = LocalDate.parse(renewal.getKey());
                if (window.contains(date)) {
                    dated.add(new Renewal(account.getString("accountId"), date,
                            !Traits.CHURNED.equals(renewal.getValue())));
                }
            }
        }
        return dated;
    }
}
