package dev.uptake.scoring.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

import dev.uptake.contracts.EventType;
import dev.uptake.contracts.Signal;
import dev.uptake.contracts.SubjectType;
import dev.uptake.contracts.TrackedEvent;
import dev.uptake.scoring.IncomingEvent;
import dev.uptake.scoring.repository.AccountRollups;
import dev.uptake.scoring.repository.Ids;
import dev.uptake.scoring.repository.SignalOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Applies a micro-batch of events to the account rollups exactly once: one read and one bulk write per batch. Each
 * document remembers the last offset applied from each partition; events at or below it are skipped, so redelivery
 * (a crash mid-batch, a rebalance, a reset to the beginning) changes nothing.
 */
@ApplicationScoped
public class RollupService {

    public static final String LIFECYCLE = "lifecycle";

    private final AccountRollups accounts;
    private final SignalOutbox outbox;
    private final MeterRegistry meters;

    public RollupService(AccountRollups accounts, SignalOutbox outbox, MeterRegistry meters) {
        this.accounts = accounts;
        this.outbox = outbox;
        this.meters = meters;
    }

    /** Applies {@code batch}; the Uni completes once the rollups and the signals they imply are stored. */
    public Uni<Integer> apply(List<IncomingEvent> batch) {
        Map<Document, List<IncomingEvent>> byAccount = new LinkedHashMap<>();
        for (IncomingEvent incoming : batch) {
            TrackedEvent event = incoming.event();
            if (event.accountId() != null) {
                byAccount.computeIfAbsent(Ids.of(event.tenantId(), event.accountId()), id -> new ArrayList<>())
                        .add(incoming);
            }
        }
        return accounts.findAll(byAccount.keySet()).flatMap(existing -> {
            List<WriteModel<Document>> writes = new ArrayList<>();
            List<Signal> signals = new ArrayList<>();
            int applied = 0;
            for (Map.Entry<Document, List<IncomingEvent>> entry : byAccount.entrySet()) {
                Document current = existing.get(entry.getKey());
                List<IncomingEvent> unseen = unseen(current, entry.getValue());
                if (unseen.isEmpty()) {
                    continue;
                }
                applied += unseen.size();
                writes.add(accountUpdate(entry.getKey(), current, unseen));
                activation(current, unseen).ifPresent(signals::add);
            }
            int total = applied;
            meters.counter("uptake.scoring.events.applied").increment(total);
            meters.counter("uptake.scoring.events.skipped").increment(batch.size() - total);
            // Signals first: if the rollup write is lost, redelivery recomputes the same signal id.
            return outbox.add(signals).chain(() -> accounts.write(writes)).replaceWith(total);
        });
    }

    /** The events this document has not seen yet, per partition watermark. */
    static List<IncomingEvent> unseen(Document current, List<IncomingEvent> events) {
        if (current == null) {
            return events;
        }
        Document watermarks = current.get("wm", Document.class);
        return events.stream().filter(incoming -> {
            Number last = watermarks == null ? null : (Number) watermarks.get("p" + incoming.partition());
            return last == null || incoming.offset() > last.longValue();
        }).toList();
    }

    private static WriteModel<Document> accountUpdate(Document id, Document current, List<IncomingEvent> unseen) {
        TrackedEvent first = unseen.get(0).event();
        Instant earliest = first.timestamp();
        Instant latest = first.timestamp();
        Map<Integer, Long> lastOffsets = new LinkedHashMap<>();
        Map<String, Object> traits = new LinkedHashMap<>();
        for (IncomingEvent incoming : unseen) {
            TrackedEvent event = incoming.event();
            earliest = event.timestamp().isBefore(earliest) ? event.timestamp() : earliest;
            latest = event.timestamp().isAfter(latest) ? event.timestamp() : latest;
            lastOffsets.merge(incoming.partition(), incoming.offset(), Math::max);
            if (event.type() == EventType.GROUP && event.traits() != null) {
                traits.putAll(event.traits());
            }
        }
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.setOnInsert("tenantId", first.tenantId()));
        updates.add(Updates.setOnInsert("accountId", first.accountId()));
        updates.add(Updates.inc("eventCount", unseen.size()));
        updates.add(Updates.min("firstSeenAt", Date.from(earliest)));
        updates.add(Updates.max("lastSeenAt", Date.from(latest)));
        lastOffsets.forEach((partition, offset) -> updates.add(Updates.set(Ids.watermark(partition), offset)));
        traits.forEach((name, value) -> updates.add(Updates.set("traits." + name, value)));
        if (traits.get("name") != null) {
            updates.add(Updates.set("name", traits.get("name").toString()));
        }
        // Optimistic check: the watermarks read are still the ones in place (guards against a zombie consumer).
        List<Bson> guards = new ArrayList<>();
        guards.add(Filters.eq("_id", id));
        for (Integer partition : lastOffsets.keySet()) {
            Object seen = current == null ? null : current.get("wm", new Document()).get("p" + partition);
            guards.add(seen == null ? Filters.exists(Ids.watermark(partition), false)
                    : Filters.eq(Ids.watermark(partition), seen));
        }
        return new UpdateOneModel<>(Filters.and(guards), Updates.combine(updates),
                new UpdateOptions().upsert(current == null));
    }

    /** An account's first counted event moves it from new to active, once. */
    private static java.util.Optional<Signal> activation(Document current, List<IncomingEvent> unseen) {
        Number before = current == null ? null : (Number) current.get("eventCount");
        if (before != null && before.longValue() > 0) {
            return java.util.Optional.empty();
        }
        TrackedEvent first = unseen.get(0).event();
        return java.util.Optional.of(Signal.of(first.tenantId(), SubjectType.ACCOUNT, first.accountId(), LIFECYCLE, "new",
                "active", first.timestamp(), first.historical()));
    }
}
