package dev.uptake.scoring.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;

import dev.uptake.scoring.Feature;
import dev.uptake.scoring.repository.Ids;
import dev.uptake.scoring.repository.Migrations;
import dev.uptake.scoring.repository.UpdateDocument;
import dev.uptake.scoring.repository.UserDays;
import dev.uptake.scoring.repository.UserProfiles;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Gives users rolled up before their summaries existed (active months, first and last use per event) the summaries,
 * from their user days. It runs in the background at startup until it has finished once. The operations are the
 * rollups' own ({@code $addToSet}, {@code $min}, {@code $max}), so running beside them, or again after a crash, changes
 * nothing they wrote. Version 2 adds the last use, which the rollups have kept since before, but not for every user.
 */
@ApplicationScoped
public class SummaryBackfill {

    public static final String ID = "user-summaries-v2";

    private final Migrations migrations;
    private final UserDays userDays;
    private final UserProfiles users;
    private final MonthBackfill months;
    private volatile boolean complete;

    public SummaryBackfill(Migrations migrations, UserDays userDays, UserProfiles users, MonthBackfill months) {
        this.migrations = migrations;
        this.userDays = userDays;
        this.users = users;
        this.months = months;
    }

    void onStart(@Observes StartupEvent startup) {
        MonthBackfill.retried(() -> run().invoke(count -> {
            if (count > 0) {
                Log.infof("Backfilled user summaries from %d user days", count);
            }
        }), "user summaries").subscribe().with(ignored -> {
        }, failure -> Log.error("Backfilling user summaries gave up", failure));
    }

    /** Whether every user has its summaries: true once any process has finished the backfill. */
    public Uni<Boolean> complete() {
        return complete ? Uni.createFrom().item(true) : migrations.done(ID).invoke(done -> complete = done);
    }

    /** The number of user days read; 0 once done. */
    public Uni<Long> run() {
        // A month at a time (see MonthBackfill): the months come from the users' summaries of v1 and the account months,
        // so after the account months' backfill.
        return months.ready().chain(() -> migrations.runOnce(ID, () -> months.monthsWithUserDays().onItem().transformToMultiAndConcatenate(month ->
                userDays.stream(MonthBackfill.inMonth(month), Projections.include("tenantId", "userId", "day", "ev", "evp"))
                        .map(SummaryBackfill::update)), users));
    }

    private static WriteModel<Document> update(Document day) {
        String date = day.getString("day");
        UpdateDocument updates = new UpdateDocument();
        ActiveMonths.byMonth(List.of(date)).forEach((month, days) -> updates.addEachToSet(ActiveMonths.FIELD + "." + month, days));
        // Counter keys are already field-safe; lastUsed and firstUsed key property rules by their counter key.
        day.get("ev", new Document()).keySet().forEach(name -> {
            updates.min(RollupService.FIRST_USED + "." + name, date);
            updates.max(RollupService.LAST_USED + "." + name, date);
        });
        day.get("evp", new Document()).keySet().forEach(key -> {
            String counter = Ids.field(Feature.EventMatch.BY_PROPERTY + Ids.unfield(key));
            updates.min(RollupService.FIRST_USED + "." + counter, date);
            updates.max(RollupService.LAST_USED + "." + counter, date);
        });
        // No upsert: a user day without its user (erased, or not yet written) has nobody to summarise.
        return new UpdateOneModel<>(new Document("_id", Ids.of(day.getString("tenantId"), day.getString("userId"))),
                updates);
    }
}
