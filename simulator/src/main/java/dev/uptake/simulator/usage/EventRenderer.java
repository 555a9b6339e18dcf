package dev.uptake.simulator.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.uptake.simulator.SimulationSettings;
import dev.uptake.simulator.output.CallSink;
import dev.uptake.simulator.world.Account;
import dev.uptake.simulator.world.Feature;
import dev.uptake.simulator.world.FeatureCatalog;
import dev.uptake.simulator.world.Randoms;
import dev.uptake.simulator.world.Role;
import dev.uptake.simulator.world.User;

/**
 * Turns an account's plan into Segment calls, day by day in time order: identify and group when a user joins, a
 * group call at each renewal, and sessions of a few events minutes apart with at least 30 minutes between sessions.
 */
public final class EventRenderer {

    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final long MINUTE = 60_000L;
    private static final long DAY = 24 * 60 * MINUTE;
    private static final String[] PAGES = { "Home", "Dashboards", "Reports", "Projects", "Settings" };
    private static final String[] LOGIN_METHODS = { "password", "sso", "google" };

    private final ObjectMapper mapper;
    private final SimulationSettings settings;
    private final String fingerprint;
    private final long startMillis;
    private final List<Feature> everyday;
    private final List<String> powerUseEvents;
    private final List<String> powerViewEvents;
    private final String powerFeatureKey;
    private final Map<Integer, Choice> choices = new HashMap<>();

    public EventRenderer(ObjectMapper mapper, SimulationSettings settings, FeatureCatalog catalog) {
        this.mapper = mapper;
        this.settings = settings;
        this.fingerprint = settings.fingerprint();
        this.startMillis = settings.start().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        this.everyday = catalog.everydayFeatures();
        Feature power = catalog.powerFeature();
        this.powerUseEvents = power.useEvents();
        List<String> views = new ArrayList<>(power.events());
        views.removeAll(powerUseEvents);
        this.powerViewEvents = views;
        this.powerFeatureKey = power.key();
    }

    /** Renders the account's calls into the sink and returns how many there were. */
    public long render(AccountPlan plan, CallSink sink) {
        Account account = plan.account();
        String prefix = "sim-" + fingerprint + "-" + pad(account.index() + 1, 4) + "-";
        long sequence = 0;
        List<Pending> day = new ArrayList<>();
        for (int d = 0; d < settings.days(); d++) {
            day.clear();
            for (Renewal renewal : plan.renewals()) {
                if (renewal.day() == d) {
                    day.add(new Pending(millis(d, 0), group(account.admin(), plan, d)));
                }
            }
            for (UserPlan user : plan.users()) {
                if (user.sessions(d) > 0) {
                    renderSessions(plan, user, d, day);
                }
                if (plan.joins(user) && Math.max(0, user.user().signupDay()) == d) {
                    long joinedAt = joinTime(user, d, day);
                    day.add(new Pending(joinedAt, identify(user.user(), joinedAt)));
                    day.add(new Pending(joinedAt + 1, group(user.user(), plan, d)));
                }
            }
            day.sort(Comparator.comparingLong(Pending::millis)); // stable: equal times keep their order
            for (Pending pending : day) {
                pending.call().put("messageId", prefix + pad(++sequence, 7));
                pending.call().put("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(pending.millis())));
                sink.accept(pending.call(), bytes(pending.call()));
            }
        }
        return sequence;
    }

    // ---- calls ----

    private ObjectNode identify(User user, long joinedAt) {
        ObjectNode call = call("identify", user.id());
        ObjectNode traits = call.putObject("traits");
        traits.put("email", user.email());
        traits.put("name", user.name());
        traits.put("role", user.role().wireName());
        long createdAt = user.signupDay() < 0 ? millis(user.signupDay(), 9 * 60) : joinedAt;
        traits.put("createdAt", TIMESTAMP.format(Instant.ofEpochMilli(createdAt)));
        finish(call, null);
        return call;
    }

    /** A group call with the account's traits as they stand on {@code day} (after that day's renewal). */
    private ObjectNode group(User user, AccountPlan plan, int day) {
        Account account = plan.account();
        ObjectNode call = call("group", user.id());
        call.put("groupId", account.id());
        int seats = account.seats();
        LocalDate nextRenewal = UsagePlanner.firstRenewalOnOrAfter(account.contractStart(), settings.start());
        Renewal last = null;
        for (Renewal renewal : plan.renewals()) {
            if (renewal.day() <= day) {
                seats = renewal.seatsAfter();
                nextRenewal = renewal.nextRenewal();
                last = renewal.measured() ? renewal : last;
            }
        }
        ObjectNode traits = call.putObject("traits");
        traits.put("name", account.name());
        traits.put("plan", account.plan());
        traits.put("tier", account.tier().wireName());
        traits.put("industry", account.industry());
        traits.put("seats", seats);
        int mrr = seats * account.tier().pricePerSeatMonth();
        traits.put("mrr", mrr);
        traits.put("arr", mrr * 12);
        traits.put("renewalDate", nextRenewal.toString());
        traits.put("csm", account.csm());
        traits.put("createdAt", TIMESTAMP.format(Instant.ofEpochMilli(millis(account.createdDay(), 8 * 60))));
        traits.put("website", "https://" + account.domain());
        if (last != null) {
            traits.put("renewalOutcome", last.outcome());
            traits.put("lastRenewalDate", last.date().toString());
            if (last.churned()) {
                traits.put("churnedAt", last.date().toString());
            }
        }
        finish(call, null);
        return call;
    }

    private void renderSessions(AccountPlan plan, UserPlan user, int day, List<Pending> out) {
        User person = user.user();
        SplittableRandom random = Randoms.stream(settings.seed(), 4, plan.account().index(), person.index(), day);
        int sessions = user.sessions(day);
        int[] powerUses = new int[sessions];
        for (int n = 0; n < user.powerUses(day); n++) {
            powerUses[random.nextInt(sessions)]++;
        }
        List<List<ObjectNode>> calls = new ArrayList<>();
        List<long[]> offsets = new ArrayList<>();
        long span = 0;
        for (int s = 0; s < sessions; s++) {
            boolean firstLook = day == user.firstDay() && s == 0;
            List<ObjectNode> session = session(plan, user, random, firstLook, powerUses[s]);
            long[] times = new long[session.size()];
            long t = s == 0 ? 0 : span + Randoms.between(random, 35, 120) * MINUTE;
            times[0] = t;
            times[1] = t + Randoms.between(random, 5_000, 40_000);
            for (int i = 2; i < times.length; i++) {
                times[i] = times[i - 1] + Randoms.between(random, 60_000, 240_000);
            }
            span = times[times.length - 1];
            calls.add(session);
            offsets.add(times);
        }
        long start = person.preferredHour() * 60L * MINUTE + Randoms.between(random, -60, 60) * MINUTE;
        long latestStart = DAY - 10 * MINUTE - span;
        start = Math.max(60 * MINUTE, Math.min(start, latestStart));
        for (int s = 0; s < sessions; s++) {
            for (int i = 0; i < calls.get(s).size(); i++) {
                out.add(new Pending(millis(day, 0) + start + offsets.get(s)[i], calls.get(s).get(i)));
            }
        }
    }

    /** One session: Logged In, a page (or a mobile screen), then a few feature events. */
    private List<ObjectNode> session(AccountPlan plan, UserPlan user, SplittableRandom random, boolean firstLook,
            int powerUses) {
        User person = user.user();
        String accountId = plan.account().id();
        List<ObjectNode> calls = new ArrayList<>();
        ObjectNode login = track(person, accountId, FeatureCatalog.LOGIN_EVENT, null);
        ((ObjectNode) login.get("properties")).put("method", LOGIN_METHODS[Randoms.weighted(random, 0.6, 0.3, 0.1)]);
        calls.add(login);
        String page = Randoms.pick(random, PAGES);
        boolean mobile = person.role() == Role.EXECUTIVE && random.nextDouble() < 0.3;
        ObjectNode view = call(mobile ? "screen" : "page", person.id());
        view.put("name", page);
        ObjectNode pageProperties = view.putObject("properties");
        if (!mobile) {
            pageProperties.put("path", "/" + page.toLowerCase(Locale.ROOT));
            pageProperties.put("title", page);
        }
        finish(view, accountId);
        calls.add(view);

        List<ObjectNode> features = new ArrayList<>();
        if (firstLook && !user.actsFirstDay()) {
            for (int n = Randoms.between(random, 1, 2); n > 0; n--) {
                features.add(featureEvent(person, accountId, random, Level.VIEWED_ONLY));
            }
        } else {
            int count = Randoms.between(random, 2, 7);
            for (int n = 0; n < count; n++) {
                Level level = firstLook && n == 0 ? Level.ACTION : Level.ANY;
                features.add(featureEvent(person, accountId, random, level));
            }
        }
        if (powerUses > 0 && !powerViewEvents.isEmpty() && random.nextDouble() < 0.5) {
            features.add(random.nextInt(features.size() + 1),
                    track(person, accountId, Randoms.pick(random, powerViewEvents.toArray(String[]::new)),
                            powerFeatureKey));
        }
        for (int n = 0; n < powerUses; n++) {
            String event = powerUseEvents.get(random.nextInt(powerUseEvents.size()));
            features.add(random.nextInt(features.size() + 1), track(person, accountId, event, powerFeatureKey));
        }
        calls.addAll(features);
        return calls;
    }

    private enum Level {
        ANY, ACTION, VIEWED_ONLY
    }

    private ObjectNode featureEvent(User person, String accountId, SplittableRandom random, Level level) {
        Choice choice = choices.computeIfAbsent(person.role().ordinal() * 3 + level.ordinal(),
                key -> choice(person.role(), level));
        Feature feature = choice.features().get(Randoms.weighted(random, choice.weights()));
        List<Feature.DepthLevel> levels = feature.depthLevels();
        double[] levelWeights = new double[levels.size()];
        for (int i = 0; i < levels.size(); i++) {
            boolean viewed = Feature.VIEWED.equals(levels.get(i).name());
            double weight = viewed ? 0.45 : i == levels.size() - 1 && levels.size() > 1 ? 0.15 : 0.40;
            levelWeights[i] = switch (level) {
                case VIEWED_ONLY -> viewed ? 1 : 0;
                case ACTION -> viewed ? 0 : weight;
                case ANY -> weight;
            };
        }
        Feature.DepthLevel depth = levels.get(Randoms.weighted(random, levelWeights));
        String event = depth.events().get(random.nextInt(depth.events().size()));
        return track(person, accountId, event, feature.key());
    }

    /** Features a role uses, with their weights: core most, specialized least. */
    private Choice choice(Role role, Level level) {
        List<Feature> usable = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (Feature feature : everyday) {
            boolean hasView = feature.depthLevels().stream().anyMatch(l -> Feature.VIEWED.equals(l.name()));
            if (!feature.usableBy(role) || (level == Level.VIEWED_ONLY && !hasView)) {
                continue;
            }
            usable.add(feature);
            weights.add(switch (feature.category()) {
                case "core" -> 10.0;
                case "advanced" -> 4.0;
                default -> 1.5;
            });
        }
        return new Choice(usable, weights.stream().mapToDouble(w -> w).toArray());
    }

    private record Choice(List<Feature> features, double[] weights) {
    }

    private ObjectNode track(User person, String accountId, String event, String featureKey) {
        ObjectNode call = call("track", person.id());
        call.put("event", event);
        ObjectNode properties = call.putObject("properties");
        if (featureKey != null) {
            properties.put("feature", featureKey);
        }
        finish(call, accountId);
        return call;
    }

    /** Field order is fixed so the same world serializes to the same bytes. */
    private ObjectNode call(String type, String userId) {
        ObjectNode call = mapper.createObjectNode();
        call.put("type", type);
        call.putNull("messageId");
        call.put("userId", userId);
        return call;
    }

    private void finish(ObjectNode call, String accountId) {
        call.putNull("timestamp");
        ObjectNode context = call.putObject("context");
        if (accountId != null) {
            context.put("groupId", accountId);
        }
        context.put("historical", true);
    }

    private long joinTime(UserPlan user, int day, List<Pending> today) {
        if (user.user().signupDay() < 0) {
            return millis(day, 0) + 1000L * (user.user().index() + 1);
        }
        long firstSession = Long.MAX_VALUE;
        for (Pending pending : today) {
            if (pending.call().get("userId").asText().equals(user.user().id())
                    && "track".equals(pending.call().get("type").asText())) {
                firstSession = Math.min(firstSession, pending.millis());
            }
        }
        SplittableRandom random = Randoms.stream(settings.seed(), 7, user.user().index(), day);
        if (firstSession == Long.MAX_VALUE) {
            return millis(day, 9 * 60) + Randoms.between(random, 0, 8 * 60) * MINUTE;
        }
        return firstSession - Randoms.between(random, 2, 20) * MINUTE;
    }

    private static String pad(long value, int width) {
        String digits = Long.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    private long millis(int day, int minuteOfDay) {
        return startMillis + day * DAY + minuteOfDay * MINUTE;
    }

    private byte[] bytes(ObjectNode call) {
        try {
            return mapper.writeValueAsBytes(call);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Pending(long millis, ObjectNode call) {
    }
}
