package dev.uptake.scoring.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;

import dev.uptake.scoring.repository.AccountDays;
import dev.uptake.scoring.repository.AccountMonths;
import dev.uptake.scoring.repository.Migrations;
import dev.uptake.scoring.repository.UpdateDocument;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Gives account days rolled up before account months existed their months. The event consumer applies nothing until
 * this has finished in its process, so no rollup moves a day between the backfill reading it and writing its month.
 * Everything is {@code $max}: the day's counts, and its watermarks, so a redelivered event the day already has is
 * skipped by the month too. Running it again changes nothing. One window is left: replicas upgraded together each
 * run it, and one that has finished applies batches while another is still copying; a day that batch moves between
 * the other's read and its write can be counted twice in its month.
 */
@ApplicationScoped
public class AccountMonthBackfill {

    public static final String ID = "account-months-v1";
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final Migrations migrations;
    private final AccountDays accountDays;
    private final AccountMonths accountMonths;
    private final RunOnce once = new RunOnce(() -> run().invoke(count -> {
        if (count > 0) {
            Log.infof("Backfilled account months from %d account days", count);
        }
    }));

    public AccountMonthBackfill(Migrations migrations, AccountDays accountDays, AccountMonths accountMonths) {
        this.migrations = migrations;
        this.accountDays = accountDays;
        this.accountMonths = accountMonths;
    }

    void onStart(@Observes StartupEvent startup) {
        ready().subscribe().with(ignored -> {
        }, failure -> Log.warn("Backfilling account months failed; the next batch of events tries again", failure));
    }

    /** Completes once every account day stored before account months existed has its month; runs it at most once. */
    public Uni<Void> ready() {
        return once.run();
    }

    /** Whether the analyses can read account months: true once any process has finished the backfill. */
    public Uni<Boolean> complete() {
        return once.done() ? Uni.createFrom().item(true) : migrations.done(ID);
    }

    /** The number of account days read; 0 once done. */
    public Uni<Long> run() {
        return migrations.runOnce(ID, () -> accountDays.stream(new Document(),
                Projections.include("tenantId", "accountId", "day", "events", "ev", "evp", "wm"))
                .map(AccountMonthBackfill::update), accountMonths);
    }

    private static WriteModel<Document> update(Document day) {
        String date = day.getString("day");
        UpdateDocument updates = new UpdateDocument();
        updates.setOnInsert("tenantId", day.getString("tenantId"));
        updates.setOnInsert("accountId", day.getString("accountId"));
        updates.setOnInsert("month", MonthSeries.month(date));
        if (day.get("events") != null) {
            updates.max(MonthSeries.field("events", date), day.get("events"));
        }
        // Counter keys and watermark names are already field-safe.
        day.get("ev", new Document()).forEach((name, count) -> updates.max(MonthSeries.field("ev." + name, date), count));
        day.get("evp", new Document()).forEach((key, count) -> updates.max(MonthSeries.field("evp." + key, date), count));
        day.get("wm", new Document()).forEach((partition, offset) -> updates.max("wm." + partition, offset));
        return new UpdateOneModel<>(new Document("_id",
                MonthSeries.id(day.getString("tenantId"), day.getString("accountId"), date)), updates, UPSERT);
    }
}
