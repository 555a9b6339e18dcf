package dev.uptake.scoring.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;

import dev.uptake.contracts.EventType;
import dev.uptake.contracts.Signal;
import dev.uptake.contracts.SubjectType;
import dev.uptake.contracts.TrackedEvent;
import dev.uptake.scoring.Feature;
import dev.uptake.scoring.IncomingEvent;
import dev.uptake.scoring.config.ScoringConfig;
import dev.uptake.scoring.repository.AccountDays;
import dev.uptake.scoring.repository.AccountMonths;
import dev.uptake.scoring.repository.AccountRollups;
import dev.uptake.scoring.repository.CompactDocuments;
import dev.uptake.scoring.repository.ErasedUsers;
import dev.uptake.scoring.repository.FeatureCatalog;
import dev.uptake.scoring.repository.Ids;
import dev.uptake.scoring.repository.Sessions;
import dev.uptake.scoring.repository.SignalOutbox;
import dev.uptake.scoring.repository.UpdateDocument;
import dev.uptake.scoring.repository.UserDays;
import dev.uptake.scoring.repository.UserMonths;
import dev.uptake.scoring.repository.UserProfiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Applies a micro-batch of events exactly once: per collection one read and one bulk write. Every document keeps the
 * last offset applied from each partition and skips events at or below it, so redelivery (a crash mid-batch, a
 * rebalance, a reset to the beginning) changes nothing. The user documents, which carry the running session state
 * the day rollups are derived from, are written last: until they move on, a redelivery derives the same values.
 */
@ApplicationScoped
public class RollupService {

    public static final String LIFECYCLE = "lifecycle";
    /** On users: the first day each activity event (and property-matched rule) was used, keyed as lastUsed. */
    public static final String FIRST_USED = "firstUsed";
    /** On users and accounts: the last day each activity event (and property-matched rule) was used. */
    public static final String LAST_USED = "lastUsed";

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    /** Day documents are read only for their watermarks. */
    private static final Bson WATERMARKS = Projections.include("wm");
    /**
     * Users and accounts without what a batch only ever adds to and never reads back: per-event-name counts, traits,
     * memberships and seat history. Months of history make them most of a document's size.
     */
    private static final Bson ROLLUP_STATE = Projections.exclude("ev", "evp", "traits", "memberSince", "accounts",
            "seatHistory", "renewals", FIRST_USED, ActiveMonths.FIELD);

    private final AccountRollups accounts;
    private final UserProfiles users;
    private final UserDays userDays;
    private final AccountDays accountDays;
    private final AccountMonths accountMonths;
    private final UserMonths userMonths;
    private final Sessions sessions;
    private final SignalOutbox outbox;
    private final FeatureCatalog catalog;
    private final ErasedUsers erased;
    private final ScoringConfig config;
    private final MeterRegistry meters;
    private final SegmentRules segmentRules;

    public RollupService(AccountRollups accounts, UserProfiles users, UserDays userDays, AccountDays accountDays,
            AccountMonths accountMonths, UserMonths userMonths, Sessions sessions, SignalOutbox outbox, FeatureCatalog catalog,
            ErasedUsers erased, ScoringConfig config, MeterRegistry meters) {
        this.accountMonths = accountMonths;
        this.userMonths = userMonths;
        this.erased = erased;
        this.catalog = catalog;
        this.accounts = accounts;
        this.users = users;
        this.userDays = userDays;
        this.accountDays = accountDays;
        this.sessions = sessions;
        this.outbox = outbox;
        this.config = config;
        this.meters = meters;
        this.segmentRules = new SegmentRules(config.segments());
    }

    /** Applies {@code batch}; the Uni completes once the rollups and the signals they imply are stored. */
    public Uni<Integer> apply(List<IncomingEvent> delivered) {
        // A replayed copy read in the same batch as its original carries the same position: apply it once.
        Set<String> positions = new HashSet<>();
        List<IncomingEvent> batch = delivered.stream()
                .filter(incoming -> positions.add(incoming.partition() + "@" + incoming.offset())).toList();
        Set<String> actors = batch.stream().map(IncomingEvent::event).filter(e -> e.actorId() != null)
                .map(e -> Ids.of(e.tenantId(), e.actorId())).collect(Collectors.toSet());
        return erased.findAll(actors).flatMap(found -> apply(batch, forgotten(found)));
    }

    /** Events of erased users from before their erasure: they count for accounts, never again for the user. */
    private static Predicate<TrackedEvent> forgotten(Map<String, Document> erasedUsers) {
        return event -> {
            if (event.actorId() == null) {
                return false;
            }
            Document erasure = erasedUsers.get(Ids.of(event.tenantId(), event.actorId()));
            return erasure != null && !event.timestamp().isAfter(erasure.getDate("erasedUpTo").toInstant());
        };
    }

    private Uni<Integer> apply(List<IncomingEvent> batch, Predicate<TrackedEvent> forgotten) {
        Map<String, List<IncomingEvent>> byAccount = group(batch,
                e -> e.accountId() == null ? null : Ids.of(e.tenantId(), e.accountId()));
        Map<String, List<IncomingEvent>> byUser = group(batch,
                e -> e.actorId() == null || forgotten.test(e) ? null : Ids.of(e.tenantId(), e.actorId()));
        List<IncomingEvent> activity = batch.stream().filter(incoming -> isActivity(incoming.event())).toList();
        Map<String, List<IncomingEvent>> byUserDay = group(activity,
                e -> e.actorId() == null || forgotten.test(e) ? null
                        : Ids.of(e.tenantId(), e.actorId(), Days.of(e.timestamp())));
        Map<String, List<IncomingEvent>> byAccountDay = group(activity,
                e -> e.accountId() == null ? null : Ids.of(e.tenantId(), e.accountId(), Days.of(e.timestamp())));
        Map<String, List<IncomingEvent>> byAccountMonth = group(activity,
                e -> e.accountId() == null ? null : MonthSeries.id(e.tenantId(), e.accountId(), Days.of(e.timestamp())));
        Map<String, List<IncomingEvent>> byUserMonth = group(activity,
                e -> e.actorId() == null || forgotten.test(e) ? null
                        : MonthSeries.id(e.tenantId(), e.actorId(), Days.of(e.timestamp())));
        Set<String> tenants = batch.stream().map(incoming -> incoming.event().tenantId()).collect(Collectors.toSet());
        return Uni.combine().all().unis(accounts.findCompact(byAccount.keySet(), ROLLUP_STATE),
                        users.findCompact(byUser.keySet(), ROLLUP_STATE),
                        userDays.findCompact(byUserDay.keySet(), WATERMARKS),
                        accountDays.findCompact(byAccountDay.keySet(), WATERMARKS),
                        accountMonths.findCompact(byAccountMonth.keySet(), WATERMARKS),
                        userMonths.findCompact(byUserMonth.keySet(), WATERMARKS), catalog.ofTenants(tenants))
                .asTuple()
                .flatMap(found -> {
                    Batch state = new Batch(found.getItem1(), found.getItem2(), found.getItem3(), found.getItem4(),
                            found.getItem5(), found.getItem6(), new IdentityHashMap<>(), new HashMap<>(),
                            propertyRules(found.getItem7()), features(found.getItem7()), forgotten);
                    return write(state, byAccount, byUser, byUserDay, byAccountDay, byAccountMonth, byUserMonth,
                            batch.size());
                });
    }

    /**
     * What was read for one batch, the session contributions derived from it, and what the sessions add to the user
     * months they started in.
     */
    private record Batch(CompactDocuments accounts, CompactDocuments users, CompactDocuments userDays,
            CompactDocuments accountDays, CompactDocuments accountMonths, CompactDocuments userMonths,
            Map<IncomingEvent, SessionState.Contribution> contributions,
            Map<String, SessionFields> sessionMonths, Map<String, List<Feature.EventMatch>> propertyRules,
            Map<String, List<Feature>> features, Predicate<TrackedEvent> forgotten) {

        List<Feature> catalogOf(String tenantId) {
            return features.getOrDefault(tenantId, List.of());
        }

        List<Feature.EventMatch> rulesOf(String tenantId) {
            return propertyRules.getOrDefault(tenantId, List.of());
        }
    }

    /**
     * A user month's fields for the sessions that started in it, as their session documents have them: each end
     * ({@code $max}), and the account from the batch that started the session, as the document sets it on insert.
     */
    private static final class SessionFields {
        private final String tenantId;
        private final String userId;
        /** A day of the month, which names it. */
        private final String dayOfMonth;
        private final Map<String, Date> ends = new LinkedHashMap<>();
        private final Map<String, String> accounts = new LinkedHashMap<>();

        SessionFields(String tenantId, String userId, String dayOfMonth) {
            this.tenantId = tenantId;
            this.userId = userId;
            this.dayOfMonth = dayOfMonth;
        }

        /** The session that started at {@code start}, on the ISO {@code day} of this month. */
        void add(String day, String start, Instant end, String startedInAccount) {
            ends.merge(MonthSeries.sessionEnd(day, start), Date.from(end), (a, b) -> a.after(b) ? a : b);
            if (startedInAccount != null) {
                accounts.put(MonthSeries.sessionAccount(day, start), startedInAccount);
            }
        }

        void addTo(UpdateDocument updates) {
            ends.forEach(updates::max);
            accounts.forEach(updates::set);
        }

        /** The write for a month that has no events in the batch, only a session's later end. */
        WriteModel<Document> alone() {
            UpdateDocument updates = new UpdateDocument();
            updates.setOnInsert("tenantId", tenantId);
            updates.setOnInsert("userId", userId);
            updates.setOnInsert("month", MonthSeries.month(dayOfMonth));
            addTo(updates);
            return upsert(MonthSeries.id(tenantId, userId, dayOfMonth), updates);
        }
    }

    private static Map<String, List<Feature>> features(List<Document> documents) {
        Map<String, List<Feature>> byTenant = new HashMap<>();
        documents.forEach(document -> byTenant.computeIfAbsent(document.getString("tenantId"), t -> new ArrayList<>())
                .add(FeatureCatalog.fromDocument(document)));
        return byTenant;
    }

    /** Rules that narrow by property, per tenant: matches are counted at ingest under their own key. */
    private static Map<String, List<Feature.EventMatch>> propertyRules(List<Document> features) {
        Map<String, List<Feature.EventMatch>> rules = new HashMap<>();
        for (Document document : features) {
            FeatureCatalog.fromDocument(document).events().stream().filter(Feature.EventMatch::byProperty)
                    .forEach(rule -> rules.computeIfAbsent(document.getString("tenantId"), t -> new ArrayList<>()).add(rule));
        }
        return rules;
    }

    private Uni<Integer> write(Batch state, Map<String, List<IncomingEvent>> byAccount,
            Map<String, List<IncomingEvent>> byUser, Map<String, List<IncomingEvent>> byUserDay,
            Map<String, List<IncomingEvent>> byAccountDay, Map<String, List<IncomingEvent>> byAccountMonth,
            Map<String, List<IncomingEvent>> byUserMonth, int batchSize) {
        List<WriteModel<Document>> userWrites = new ArrayList<>();
        List<WriteModel<Document>> sessionWrites = new ArrayList<>();
        List<Signal> signals = new ArrayList<>();
        byUser.forEach((id, events) -> {
            Document current = state.users().get(id);
            List<IncomingEvent> unseen = unseen(current, events);
            if (!unseen.isEmpty()) {
                userWrites.add(userUpdate(id, current, unseen, state, sessionWrites, signals));
            }
        });
        List<WriteModel<Document>> userDayWrites = new ArrayList<>();
        byUserDay.forEach((id, events) -> {
            List<IncomingEvent> unseen = unseen(state.userDays().get(id), events);
            if (!unseen.isEmpty()) {
                userDayWrites.add(userDayUpdate(id, unseen, state));
            }
        });
        List<WriteModel<Document>> accountDayWrites = new ArrayList<>();
        byAccountDay.forEach((id, events) -> {
            List<IncomingEvent> unseen = unseen(state.accountDays().get(id), events);
            if (!unseen.isEmpty()) {
                accountDayWrites.add(accountDayUpdate(id, unseen, state));
            }
        });
        List<WriteModel<Document>> accountMonthWrites = monthWrites(byAccountMonth, state.accountMonths(), state, false);
        List<WriteModel<Document>> userMonthWrites = monthWrites(byUserMonth, state.userMonths(), state, true);
        // A session that went on past its month's end: its later events are in the next month, its fields in this one.
        state.sessionMonths().values().forEach(fields -> userMonthWrites.add(fields.alone()));
        List<WriteModel<Document>> accountWrites = new ArrayList<>();
        int applied = 0;
        for (Map.Entry<String, List<IncomingEvent>> entry : byAccount.entrySet()) {
            Document current = state.accounts().get(entry.getKey());
            List<IncomingEvent> unseen = unseen(current, entry.getValue());
            if (!unseen.isEmpty()) {
                applied += unseen.size();
                accountWrites.add(accountUpdate(entry.getKey(), current, unseen, state, signals));
                activation(current, unseen).ifPresent(signals::add);
            }
        }
        int total = applied;
        // Signals first: if a rollup write is lost, redelivery recomputes the same signal id. Users last: their
        // session state is what the day rollups were derived from.
        return outbox.add(signals)
                .chain(() -> Uni.combine().all().unis(sessions.write(sessionWrites), userDays.write(userDayWrites),
                        accountDays.write(accountDayWrites), accountMonths.write(accountMonthWrites),
                        userMonths.write(userMonthWrites)).discardItems())
                .chain(() -> accounts.write(accountWrites))
                .chain(() -> users.write(userWrites))
                // Counted once stored, so a batch retried after a failed write is not counted twice.
                .invoke(() -> {
                    meters.counter("uptake.scoring.events.applied").increment(total);
                    meters.counter("uptake.scoring.events.skipped").increment(batchSize - total);
                })
                .replaceWith(total);
    }

    private static <K> Map<K, List<IncomingEvent>> group(List<IncomingEvent> events,
            Function<TrackedEvent, K> key) {
        Map<K, List<IncomingEvent>> grouped = new LinkedHashMap<>();
        for (IncomingEvent incoming : events) {
            K id = key.apply(incoming.event());
            if (id != null) {
                grouped.computeIfAbsent(id, k -> new ArrayList<>()).add(incoming);
            }
        }
        return grouped;
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

    /** Tracks, pages and screens are use of the product; identify, group and alias only describe it. */
    public static boolean isActivity(TrackedEvent event) {
        return event.type() == EventType.TRACK || event.type() == EventType.PAGE || event.type() == EventType.SCREEN;
    }

    /** The name an activity event is counted under, and matched against the feature catalog. */
    public static String eventName(TrackedEvent event) {
        return switch (event.type()) {
            case TRACK -> event.event() == null ? "(unnamed)" : event.event();
            case PAGE -> event.name() == null ? "page" : "page:" + event.name();
            case SCREEN -> event.name() == null ? "screen" : "screen:" + event.name();
            default -> event.type().wireName();
        };
    }

    private WriteModel<Document> userUpdate(String id, Document current, List<IncomingEvent> unseen, Batch state,
            List<WriteModel<Document>> sessionWrites, List<Signal> signals) {
        Map<IncomingEvent, SessionState.Contribution> contributions = state.contributions();
        List<IncomingEvent> ordered = inTimeOrder(unseen);
        TrackedEvent first = ordered.get(0).event();
        TrackedEvent last = ordered.get(ordered.size() - 1).event();
        SessionState session = SessionState.of(current, config.sessionTimeout());
        Map<Instant, Instant> sessionEnds = new LinkedHashMap<>();
        Map<Instant, String> sessionAccounts = new LinkedHashMap<>();
        Set<Instant> startedHere = new HashSet<>();
        Map<String, Object> traits = new LinkedHashMap<>();
        Map<String, Instant> memberships = new LinkedHashMap<>();
        String latestAccount = null;
        Instant lastActiveAt = null;
        for (IncomingEvent incoming : ordered) {
            TrackedEvent event = incoming.event();
            if (event.type() == EventType.IDENTIFY && event.traits() != null) {
                traits.putAll(event.traits());
            }
            if (event.accountId() != null) {
                memberships.merge(event.accountId(), event.timestamp(), (a, b) -> a.isBefore(b) ? a : b);
                latestAccount = event.accountId();
            }
            if (isActivity(event)) {
                SessionState.Contribution contribution = session.advance(event);
                contributions.put(incoming, contribution);
                Instant sessionKey = contribution.sessionStart();
                sessionEnds.merge(sessionKey, event.timestamp(), (a, b) -> a.isAfter(b) ? a : b);
                sessionAccounts.putIfAbsent(sessionKey, event.accountId());
                if (contribution.startsSession()) {
                    startedHere.add(sessionKey);
                }
                lastActiveAt = event.timestamp();
            }
        }
        String userId = first.actorId();
        sessionEnds.forEach((start, end) -> {
            sessionWrites.add(sessionUpsert(first.tenantId(), userId, sessionAccounts.get(start), start, end));
            String day = Days.of(start);
            state.sessionMonths().computeIfAbsent(MonthSeries.id(first.tenantId(), userId, day),
                    month -> new SessionFields(first.tenantId(), userId, day))
                    .add(day, start.toString(), end, startedHere.contains(start) ? sessionAccounts.get(start) : null);
        });

        UpdateDocument updates = new UpdateDocument();
        updates.setOnInsert("tenantId", first.tenantId());
        updates.setOnInsert("userId", userId);
        updates.inc("eventCount", unseen.size());
        updates.min("firstSeenAt", Date.from(first.timestamp()));
        updates.max("lastSeenAt", Date.from(last.timestamp()));
        if (lastActiveAt != null) {
            updates.max("lastActiveAt", Date.from(lastActiveAt));
        }
        if (session.started()) {
            updates.set("session", session.toDocument());
        }
        if (!memberships.isEmpty()) {
            updates.addEachToSet("accounts", List.copyOf(memberships.keySet()));
        }
        memberships.forEach((account, since) ->
                updates.min("memberSince." + Ids.field(account), Date.from(since)));
        if (latestAccount != null) {
            updates.set("accountId", latestAccount);
        }
        userProfile(traits, updates);
        Set<String> activeDays = activeDays(ordered);
        Map<String, String> firstUse = new LinkedHashMap<>();
        Map<String, String> lastUse = new LinkedHashMap<>();
        forEachUse(unseen, state.rulesOf(first.tenantId()), (key, day) -> {
            firstUse.merge(key, day, EARLIER);
            lastUse.merge(key, day, LATER);
        });
        lastUsed(lastUse, updates);
        // Summaries for the analyses over long periods, set idempotently ($min, $addToSet) as the watermarks require.
        firstUse.forEach((key, day) -> updates.min(FIRST_USED + "." + Ids.field(key), day));
        ActiveMonths.byMonth(activeDays).forEach((month, days) -> updates.addEachToSet(ActiveMonths.FIELD + "." + month, days));
        String role = Traits.role(Traits.string(traits, config.traits().role()));
        segments(SubjectType.USER, userId, current, ordered, Traits.date(traits, "createdAt", "created_at"), role,
                activeDays, state.rulesOf(first.tenantId()), state.catalogOf(first.tenantId()), updates, signals);
        watermarks(unseen, updates);
        return upsert(id, updates);
    }

    private void userProfile(Map<String, Object> traits, UpdateDocument updates) {
        traits.forEach((name, value) -> updates.set("traits." + Ids.field(name), value));
        String email = Traits.string(traits, "email");
        if (email != null) {
            updates.set("email", email);
        }
        String name = Traits.string(traits, "name");
        if (name == null && Traits.string(traits, "firstName") != null) {
            name = (Traits.string(traits, "firstName") + " " + Optional.ofNullable(Traits.string(traits, "lastName"))
                    .orElse("")).trim();
        }
        if (name != null) {
            updates.set("name", name);
        }
        String role = Traits.role(Traits.string(traits, config.traits().role()));
        if (role != null) {
            updates.set("role", role);
        }
        Date created = Traits.date(traits, "createdAt", "created_at");
        if (created != null) {
            updates.set("createdAt", created);
        }
    }

    private static WriteModel<Document> sessionUpsert(String tenantId, String userId, String accountId, Instant start,
            Instant end) {
        UpdateDocument updates = new UpdateDocument();
        updates.setOnInsert("tenantId", tenantId);
        updates.setOnInsert("userId", userId);
        updates.setOnInsert("day", Days.of(start));
        updates.setOnInsert("start", Date.from(start));
        if (accountId != null) {
            updates.setOnInsert("accountId", accountId);
        }
        updates.max("end", Date.from(end));
        return upsert(Ids.of(tenantId, userId, start.toString()), updates);
    }

    private static WriteModel<Document> userDayUpdate(String id, List<IncomingEvent> unseen, Batch state) {
        TrackedEvent first = unseen.get(0).event();
        UpdateDocument updates = dayCounters(unseen, state);
        updates.setOnInsert("userId", first.actorId());
        String account = null;
        for (IncomingEvent incoming : unseen) {
            account = incoming.event().accountId() != null ? incoming.event().accountId() : account;
        }
        if (account != null) {
            updates.set("accountId", account);
        }
        return upsert(id, updates);
    }

    private static WriteModel<Document> accountDayUpdate(String id, List<IncomingEvent> unseen, Batch state) {
        UpdateDocument updates = dayCounters(unseen, state);
        updates.setOnInsert("accountId", unseen.get(0).event().accountId());
        List<String> actors = unseen.stream().map(IncomingEvent::event).filter(event -> !state.forgotten().test(event))
                .map(TrackedEvent::actorId).filter(java.util.Objects::nonNull).distinct().toList();
        if (!actors.isEmpty()) {
            updates.addEachToSet("users", actors);
        }
        return upsert(id, updates);
    }

    /** Counters shared by user-day and account-day documents. */
    private static UpdateDocument dayCounters(List<IncomingEvent> unseen, Batch state) {
        TrackedEvent first = unseen.get(0).event();
        long sessionStarts = 0;
        long activeSeconds = 0;
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<Feature.EventMatch> rules = state.rulesOf(first.tenantId());
        for (IncomingEvent incoming : unseen) {
            SessionState.Contribution contribution = state.contributions().get(incoming);
            if (contribution != null) {
                sessionStarts += contribution.startsSession() ? 1 : 0;
                activeSeconds += contribution.activeSeconds();
            }
            counterFields(incoming.event(), rules, field -> counts.merge(field, 1, Integer::sum));
        }
        UpdateDocument updates = new UpdateDocument();
        updates.setOnInsert("tenantId", first.tenantId());
        updates.setOnInsert("day", Days.of(first.timestamp()));
        updates.set("active", true);
        updates.inc("events", unseen.size());
        updates.inc("sessions", sessionStarts);
        updates.inc("activeSeconds", activeSeconds);
        counts.forEach(updates::inc);
        watermarks(unseen, updates);
        return updates;
    }

    /**
     * A user month's writes also take the fields of the sessions that started in it (and leave {@code state} only
     * those of months with no write of their own).
     */
    private static List<WriteModel<Document>> monthWrites(Map<String, List<IncomingEvent>> byMonth,
            CompactDocuments current, Batch state, boolean ofUser) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        byMonth.forEach((id, events) -> {
            List<IncomingEvent> unseen = unseen(current.get(id), events);
            if (!unseen.isEmpty()) {
                UpdateDocument updates = monthUpdate(unseen, state, ofUser);
                if (ofUser && state.sessionMonths().containsKey(id)) {
                    state.sessionMonths().remove(id).addTo(updates);
                }
                writes.add(upsert(id, updates));
            }
        });
        return writes;
    }

    /**
     * The day documents' counters again, on the account's or the user's month: each as a series by day of the month.
     * A user's month also keeps each day's account, as its user day does (the last one of the day), and the starts of
     * the sessions that began each day, which name the user's session documents.
     */
    private static UpdateDocument monthUpdate(List<IncomingEvent> unseen, Batch state, boolean ofUser) {
        TrackedEvent first = unseen.get(0).event();
        List<Feature.EventMatch> rules = state.rulesOf(first.tenantId());
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, String> accountOfDay = new LinkedHashMap<>();
        Map<String, List<String>> sessionStarts = new LinkedHashMap<>();
        for (IncomingEvent incoming : unseen) {
            String day = Days.of(incoming.event().timestamp());
            counts.merge(MonthSeries.field("events", day), 1, Integer::sum);
            counterFields(incoming.event(), rules,
                    field -> counts.merge(MonthSeries.field(field, day), 1, Integer::sum));
            if (ofUser && incoming.event().accountId() != null) {
                accountOfDay.put(MonthSeries.field(MonthSeries.ACCOUNTS, day), incoming.event().accountId());
            }
            SessionState.Contribution contribution = ofUser ? state.contributions().get(incoming) : null;
            // A session starts at an event, so its start is on this event's day, in this month.
            if (contribution != null && contribution.startsSession()) {
                sessionStarts.computeIfAbsent(MonthSeries.field(MonthSeries.SESSIONS, day), f -> new ArrayList<>())
                        .add(contribution.sessionStart().toString());
            }
        }
        UpdateDocument updates = new UpdateDocument();
        updates.setOnInsert("tenantId", first.tenantId());
        if (ofUser) {
            updates.setOnInsert("userId", first.actorId());
        } else {
            updates.setOnInsert("accountId", first.accountId());
        }
        updates.setOnInsert("month", MonthSeries.month(Days.of(first.timestamp())));
        counts.forEach(updates::inc);
        accountOfDay.forEach(updates::set);
        sessionStarts.forEach(updates::addEachToSet);
        watermarks(unseen, updates);
        return updates;
    }

    /** The day document's counter fields one event adds to: its name's, and each property-matched rule's. */
    private static void counterFields(TrackedEvent event, List<Feature.EventMatch> rules,
            java.util.function.Consumer<String> field) {
        field.accept("ev." + Ids.field(eventName(event)));
        for (Feature.EventMatch rule : rules) {
            if (matches(rule, event)) {
                field.accept("evp." + Ids.field(rule.propertyKey()));
            }
        }
    }

    private static boolean matches(Feature.EventMatch rule, TrackedEvent event) {
        Object value = event.properties() == null ? null : event.properties().get(rule.property());
        return rule.event().equals(eventName(event)) && value != null && value.toString().equals(rule.value());
    }

    private WriteModel<Document> accountUpdate(String id, Document current, List<IncomingEvent> unseen, Batch state,
            List<Signal> signals) {
        TrackedEvent first = unseen.get(0).event();
        Instant earliest = first.timestamp();
        Instant latest = first.timestamp();
        Instant lastActiveAt = null;
        Map<String, Object> traits = new LinkedHashMap<>();
        Map<String, Integer> names = new LinkedHashMap<>();
        Map<Instant, Double> seatChanges = new LinkedHashMap<>();
        Map<String, String> renewals = new LinkedHashMap<>();
        for (IncomingEvent incoming : unseen) {
            TrackedEvent event = incoming.event();
            earliest = event.timestamp().isBefore(earliest) ? event.timestamp() : earliest;
            latest = event.timestamp().isAfter(latest) ? event.timestamp() : latest;
            if (event.type() == EventType.GROUP && event.traits() != null) {
                traits.putAll(event.traits());
                // Per call, not from the merged traits: a backfill can bring several renewals in one batch.
                renewal(event.traits(), renewals);
                Double seats = Traits.number(event.traits(), "seats");
                if (seats != null) {
                    seatChanges.put(event.timestamp(), seats);
                }
            }
            if (isActivity(event)) {
                names.merge(Ids.field(eventName(event)), 1, Integer::sum);
                lastActiveAt = lastActiveAt == null || event.timestamp().isAfter(lastActiveAt) ? event.timestamp()
                        : lastActiveAt;
            }
        }
        UpdateDocument updates = new UpdateDocument();
        updates.setOnInsert("tenantId", first.tenantId());
        updates.setOnInsert("accountId", first.accountId());
        updates.inc("eventCount", unseen.size());
        updates.min("firstSeenAt", Date.from(earliest));
        updates.max("lastSeenAt", Date.from(latest));
        if (lastActiveAt != null) {
            updates.max("lastActiveAt", Date.from(lastActiveAt));
        }
        names.forEach((name, count) -> updates.inc("ev." + name, count));
        traits.forEach((name, value) -> updates.set("traits." + Ids.field(name), value));
        accountProfile(traits, seatChanges, updates);
        // Keyed by date: a renewal sent again, or corrected, keeps one outcome.
        renewals.forEach((date, outcome) -> updates.set("renewals." + date, outcome));
        lastUsed(usedOn(unseen, state.rulesOf(first.tenantId())), updates);
        segments(SubjectType.ACCOUNT, first.accountId(), current, inTimeOrder(unseen),
                Traits.date(traits, "createdAt", "created_at"), null, activeDays(unseen), state.rulesOf(first.tenantId()),
                state.catalogOf(first.tenantId()), updates, signals);
        watermarks(unseen, updates);
        return upsert(id, updates);
    }

    /** A renewal's outcome and date from one group call's traits, when it carries both. */
    private void renewal(Map<String, Object> traits, Map<String, String> renewals) {
        String outcome = Traits.outcome(Traits.string(traits, config.traits().renewalOutcome()));
        Date date = Traits.date(traits, config.traits().lastRenewalDate());
        if (outcome != null && date != null) {
            renewals.put(Days.of(date.toInstant()), outcome);
        }
    }

    private void accountProfile(Map<String, Object> traits, Map<Instant, Double> seatChanges, UpdateDocument updates) {
        setIfPresent(updates, "name", Traits.string(traits, "name"));
        setIfPresent(updates, "plan", Traits.string(traits, "plan"));
        setIfPresent(updates, "tier", Traits.string(traits, config.traits().tier()));
        setIfPresent(updates, "industry", Traits.string(traits, "industry"));
        setIfPresent(updates, "csm", Traits.string(traits, config.traits().csm()));
        setIfPresent(updates, "renewalDate", Traits.date(traits, "renewalDate", "renewal_date"));
        setIfPresent(updates, "createdAt", Traits.date(traits, "createdAt", "created_at"));
        setIfPresent(updates, "churnedAt", Traits.date(traits, config.traits().churnedAt()));
        Double mrr = Traits.number(traits, "mrr");
        Double arr = Traits.number(traits, "arr");
        setIfPresent(updates, "mrr", mrr);
        setIfPresent(updates, "arr", arr != null ? arr : mrr == null ? null : mrr * 12);
        Instant latestChange = null;
        List<Document> history = new ArrayList<>();
        for (Map.Entry<Instant, Double> change : seatChanges.entrySet()) {
            history.add(new Document("at", Date.from(change.getKey())).append("seats", change.getValue().longValue()));
            latestChange = latestChange == null || change.getKey().isAfter(latestChange) ? change.getKey() : latestChange;
        }
        if (latestChange != null) {
            updates.addEachToSet("seatHistory", history);
            updates.set("seats", seatChanges.get(latestChange).longValue());
        }
    }

    /** Events in the order they happened; a tie keeps the partition's order. */
    private static List<IncomingEvent> inTimeOrder(List<IncomingEvent> events) {
        List<IncomingEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing((IncomingEvent incoming) -> incoming.event().timestamp())
                .thenComparingInt(IncomingEvent::partition).thenComparingLong(IncomingEvent::offset));
        return ordered;
    }

    /**
     * Kept on the subject for breadth: {@code $max} of ISO days, so redelivery and out-of-order events change nothing.
     */
    private static void lastUsed(Map<String, String> usedOn, UpdateDocument updates) {
        usedOn.forEach((name, day) -> updates.max(LAST_USED + "." + Ids.field(name), day));
    }

    private static final java.util.function.BinaryOperator<String> EARLIER = (a, b) -> a.compareTo(b) <= 0 ? a : b;
    private static final java.util.function.BinaryOperator<String> LATER = (a, b) -> a.compareTo(b) >= 0 ? a : b;

    /** The last day each activity event (and each property-matched rule) was used among {@code events}. */
    private static Map<String, String> usedOn(List<IncomingEvent> events, List<Feature.EventMatch> rules) {
        Map<String, String> usedOn = new LinkedHashMap<>();
        forEachUse(events, rules, (key, day) -> usedOn.merge(key, day, LATER));
        return usedOn;
    }

    /** Each use among {@code events}: its counter key (event name or property-matched rule) and day. */
    private static void forEachUse(List<IncomingEvent> events, List<Feature.EventMatch> rules,
            java.util.function.BiConsumer<String, String> use) {
        for (IncomingEvent incoming : events) {
            TrackedEvent event = incoming.event();
            if (!isActivity(event)) {
                continue;
            }
            String day = Days.of(event.timestamp());
            use.accept(eventName(event), day);
            for (Feature.EventMatch rule : rules) {
                if (matches(rule, event)) {
                    use.accept(rule.counterKey(), day);
                }
            }
        }
    }

    private static Set<String> activeDays(List<IncomingEvent> events) {
        return events.stream().filter(incoming -> isActivity(incoming.event()))
                .map(incoming -> Days.of(incoming.event().timestamp())).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * Re-evaluates the subject's segment after each of its new events, in time order, and records a signal at the
     * event where it changes. Event by event, the transitions and their times do not depend on how the events were
     * batched, so a batch applied again after a crash (the outbox is written before the rollups) finds the same
     * transitions with the same ids. Segment and maturity are stored with the rollup.
     */
    private void segments(SubjectType type, String subjectId, Document current, List<IncomingEvent> ordered,
            Date created, String role, Set<String> days, List<Feature.EventMatch> rules, List<Feature> catalog,
            UpdateDocument updates, List<Signal> signals) {
        SegmentRules.Subject subject = current == null
                ? new SegmentRules.Subject(null, null, Set.of(), null, Map.of()) : SegmentRules.Subject.of(current);
        Set<String> storedDays = subject.activeDays();
        // As of the subject's newest known moment: a backfilled old event must not evaluate it in the past.
        Date lastSeen = current == null ? null : current.getDate("lastSeenAt");
        Instant newest = lastSeen == null ? null : lastSeen.toInstant();
        String segment = current == null ? null : current.getString("segment");
        Instant createdAt = created == null ? null : created.toInstant();
        TrackedEvent latest = null;
        for (IncomingEvent incoming : ordered) {
            TrackedEvent event = incoming.event();
            boolean activity = isActivity(event);
            Map<String, String> used = activity ? usedOn(List.of(incoming), rules) : Map.of();
            subject = subject.with(event.timestamp(), createdAt, activity ? event.timestamp() : null,
                    activity ? Set.of(Days.of(event.timestamp())) : Set.of(), role, used);
            newest = newest == null || event.timestamp().isAfter(newest) ? event.timestamp() : newest;
            String next = segmentRules.segment(subject, newest, catalog);
            if (!next.equals(segment)) {
                signals.add(Signal.of(event.tenantId(), type, subjectId, SegmentRules.KIND, segment, next, newest,
                        event.historical()));
                segment = next;
            }
            latest = event;
        }
        updates.set("segment", segment);
        updates.set("maturity", SegmentRules.maturity(subject, newest));
        updates.set("historical", latest.historical());
        List<String> newDays = days.stream().filter(day -> !storedDays.contains(day)).toList();
        if (!newDays.isEmpty()) {
            // Pushed sorted and cut to the last KEPT_DAYS, in one atomic update, so the list stays bounded even when
            // two partitions' consumers write one user (a user of two accounts) at once.
            updates.pushSortedKeepingLast("activeDays", newDays, SegmentRules.KEPT_DAYS);
            updates.min("firstActiveDay", subject.firstActiveDay());
        }
    }

    private static void setIfPresent(UpdateDocument updates, String field, Object value) {
        if (value != null) {
            updates.set(field, value);
        }
    }

    private static void watermarks(List<IncomingEvent> unseen, UpdateDocument updates) {
        Map<Integer, Long> lastOffsets = new LinkedHashMap<>();
        unseen.forEach(incoming -> lastOffsets.merge(incoming.partition(), incoming.offset(), Math::max));
        lastOffsets.forEach((partition, offset) -> updates.set(Ids.watermark(partition), offset));
    }

    /**
     * An upsert by id ({@link #byId}), its update encoded at once: a batch holds thousands of them until its bulk writes,
     * and as maps of maps they were a large part of what outlived the young collections.
     */
    private static WriteModel<Document> upsert(String id, UpdateDocument updates) {
        return new UpdateOneModel<>(byId(id), updates.encoded(), UPSERT);
    }

    /**
     * By id alone: the partition's single consumer read the watermarks just before, so no guard is needed, and the Mongo
     * stand-in uses its _id index only for a filter that names nothing else (any other key makes it scan the collection).
     */
    private static Bson byId(String id) {
        return new Document("_id", id);
    }

    /** An account's first counted event moves it from new to active, once. */
    private static Optional<Signal> activation(Document current, List<IncomingEvent> unseen) {
        Number before = current == null ? null : (Number) current.get("eventCount");
        if (before != null && before.longValue() > 0) {
            return Optional.empty();
        }
        TrackedEvent first = unseen.get(0).event();
        return Optional.of(Signal.of(first.tenantId(), SubjectType.ACCOUNT, first.accountId(), LIFECYCLE, "new",
                "active", first.timestamp(), first.historical()));
    }
}
