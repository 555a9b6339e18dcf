package dev.uptake.scoring.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

import dev.uptake.contracts.PrivacyRequest;
import dev.uptake.scoring.repository.AccountDays;
import dev.uptake.scoring.repository.DocumentStore;
import dev.uptake.scoring.repository.ErasedActivity;
import dev.uptake.scoring.repository.ErasedUsers;
import dev.uptake.scoring.repository.Ids;
import dev.uptake.scoring.repository.Sessions;
import dev.uptake.scoring.repository.UserDays;
import dev.uptake.scoring.repository.UserMonths;
import dev.uptake.scoring.repository.UserProfiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Honours deletion requests: profiles are deleted, per-user rollups and sessions are re-keyed to a pseudonym that
 * nothing links back to the user, so account and tenant totals stay exact. Every step is idempotent, so a redelivered
 * request, or one that failed half-way, is simply applied again.
 */
@ApplicationScoped
public class PrivacyService {

    static final String PSEUDONYM_PREFIX = "erased-";
    /** What every pseudonym looks like, and no user id the tenant chose is likely to. */
    static final String PSEUDONYM_PATTERN = "^" + PSEUDONYM_PREFIX + "[0-9a-f]{24}$";

    private final ErasedUsers erased;
    private final UserProfiles users;
    private final UserDays userDays;
    private final UserMonths userMonths;
    private final ErasedActivity erasedActivity;
    private final Sessions sessions;
    private final AccountDays accountDays;
    private final MeterRegistry meters;

    public PrivacyService(ErasedUsers erased, UserProfiles users, UserDays userDays, UserMonths userMonths,
            ErasedActivity erasedActivity, Sessions sessions, AccountDays accountDays, MeterRegistry meters) {
        this.erasedActivity = erasedActivity;
        this.erased = erased;
        this.users = users;
        this.userDays = userDays;
        this.userMonths = userMonths;
        this.sessions = sessions;
        this.accountDays = accountDays;
        this.meters = meters;
    }

    public Uni<Void> handle(PrivacyRequest request) {
        if (!request.type().deletes() || request.userIds() == null || request.userIds().isEmpty()) {
            // Suppression alone is ingestion's job: it stops accepting the users' events.
            return Uni.createFrom().voidItem();
        }
        String tenantId = request.tenantId();
        List<String> userIds = List.copyOf(request.userIds());
        Map<String, String> pseudonyms = userIds.stream().distinct()
                .collect(Collectors.toMap(Function.identity(), userId -> pseudonym(request.requestId(), userId)));
        Instant upTo = request.requestedAt() != null ? request.requestedAt() : Instant.now();
        // First stop the event path from rebuilding them, then re-key, then delete the profiles.
        return erased.record(tenantId, userIds, Date.from(upTo))
                .chain(() -> rekey(userDays, tenantId, pseudonyms, "day", NOTHING))
                .chain(() -> rekey(userMonths, tenantId, pseudonyms, "month", copies -> erasedActivity.write(copies
                        .stream().map(month -> ErasedActivity.of(month, ActiveMonths.FIELD)).toList())))
                .chain(() -> rekey(sessions, tenantId, pseudonyms, "start", NOTHING))
                .chain(() -> replaceInAccountDays(tenantId, pseudonyms))
                .chain(() -> users.deleteMany(Filters.and(Filters.eq("tenantId", tenantId), Filters.in("userId", userIds))))
                .invoke(deleted -> {
                    meters.counter("uptake.scoring.privacy.erased", "tenant", tenantId).increment(userIds.size());
                    Log.infof("Erased %d user(s) of tenant %s for request %s", userIds.size(), tenantId,
                            request.requestId());
                })
                .replaceWithVoid();
    }

    private static final Function<List<Document>, Uni<Void>> NOTHING = copies -> Uni.createFrom().voidItem();

    /**
     * Copies each document under the pseudonym (ids embed the user id), hands the copies to {@code then}, and deletes
     * the originals last: a request that failed half-way finds them again when redelivered.
     */
    private static Uni<Void> rekey(DocumentStore store, String tenantId, Map<String, String> pseudonyms, String keyField,
            Function<List<Document>, Uni<Void>> then) {
        return store.list(Filters.and(Filters.eq("tenantId", tenantId), Filters.in("userId", List.copyOf(pseudonyms.keySet()))),
                null, 0).chain(found -> {
                    List<WriteModel<Document>> copies = new ArrayList<>();
                    List<Document> copied = new ArrayList<>();
                    for (Document original : found) {
                        String pseudonym = pseudonyms.get(original.getString("userId"));
                        Document copy = new Document(original);
                        Object key = original.get(keyField);
                        String suffix = key instanceof Date date ? date.toInstant().toString() : String.valueOf(key);
                        String id = Ids.of(tenantId, pseudonym, suffix);
                        copy.put("_id", id);
                        copy.put("userId", pseudonym);
                        copies.add(new ReplaceOneModel<>(Filters.eq("_id", id), copy, new ReplaceOptions().upsert(true)));
                        copied.add(copy);
                    }
                    List<Object> originals = found.stream().map(document -> document.get("_id")).toList();
                    return store.write(copies).chain(() -> then.apply(copied))
                            .chain(() -> originals.isEmpty() ? Uni.createFrom().voidItem()
                            : store.deleteMany(Filters.in("_id", originals)).replaceWithVoid());
                });
    }

    private Uni<Void> replaceInAccountDays(String tenantId, Map<String, String> pseudonyms) {
        return accountDays.list(Filters.and(Filters.eq("tenantId", tenantId),
                Filters.in("users", List.copyOf(pseudonyms.keySet()))), null, 0).chain(found -> {
                    List<WriteModel<Document>> writes = new ArrayList<>();
                    for (Document day : found) {
                        List<String> replaced = day.getList("users", String.class).stream()
                                .map(user -> pseudonyms.getOrDefault(user, user)).distinct().toList();
                        writes.add(new UpdateOneModel<>(Filters.eq("_id", day.get("_id")), Updates.set("users", replaced)));
                    }
                    return accountDays.write(writes);
                });
    }

    /** Stable for one request, so a redelivery re-keys to the same ids; unrelated to the user id without it. */
    static String pseudonym(String requestId, String userId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((requestId + "\u001f" + userId).getBytes(StandardCharsets.UTF_8));
            return PSEUDONYM_PREFIX + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

}
