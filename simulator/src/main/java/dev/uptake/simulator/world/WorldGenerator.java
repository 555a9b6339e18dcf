package dev.uptake.simulator.world;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import dev.uptake.simulator.SimulationSettings;

/** Draws the accounts and users of a world from the seed; their behaviour is planned later, account by account. */
public final class WorldGenerator {

    private static final String[] PREFIXES = { "Northwind", "Bluepeak", "Cobalt", "Granite", "Harbor", "Ironwood",
            "Juniper", "Keystone", "Lumen", "Meridian", "Nimbus", "Orchard", "Pinnacle", "Quarry", "Redwood",
            "Summit", "Tidal", "Umber", "Vertex", "Willow", "Zephyr", "Aster", "Beacon", "Cedar", "Driftwood",
            "Evergreen", "Foxglove", "Helix", "Indigo", "Larkspur" };
    private static final String[] SUFFIXES = { "Analytics", "Logistics", "Health", "Foods", "Labs", "Systems",
            "Partners", "Energy", "Media", "Retail", "Capital", "Works", "Robotics", "Studios" };
    private static final String[] INDUSTRIES = { "Software", "Financial Services", "Healthcare", "Retail",
            "Manufacturing", "Education", "Media", "Logistics" };
    private static final String[] CSMS = { "Avery Chen", "Jordan Okafor", "Priya Raman", "Mateo Silva",
            "Hannah Weiss" };
    private static final String[] FIRST_NAMES = { "Maria", "James", "Aiko", "Omar", "Lena", "Carlos", "Grace",
            "Ivan", "Fatima", "Noah", "Sofia", "Liam", "Amara", "Ethan", "Yuki", "Lucas", "Chloe", "Arjun", "Elena",
            "Samuel", "Zara", "Felix", "Nadia", "Hugo", "Ingrid", "Kofi", "Mei", "Pablo", "Rosa", "Tariq" };
    private static final String[] LAST_NAMES = { "Lopez", "Smith", "Tanaka", "Haddad", "Muller", "Garcia", "Kim",
            "Petrov", "Khan", "Johnson", "Rossi", "Brown", "Okeke", "Wilson", "Sato", "Martin", "Dubois", "Patel",
            "Novak", "Cohen", "Ali", "Berg", "Costa", "Jensen", "Larsen", "Mensah", "Wang", "Ruiz", "Silva", "Yilmaz" };
    private static final double[] TIER_WEIGHTS = { 0.10, 0.30, 0.60 };
    private static final double[] ROLE_WEIGHTS = { 0.07, 0.70, 0.18, 0.05 };

    private WorldGenerator() {
    }

    public static World generate(SimulationSettings settings) {
        SplittableRandom random = Randoms.stream(settings.seed(), 1);
        int days = settings.days();
        int accountCount = settings.accounts();
        Tier[] tiers = new Tier[accountCount];
        double[] sizeWeights = new double[accountCount];
        for (int i = 0; i < accountCount; i++) {
            tiers[i] = Tier.values()[Randoms.weighted(random, TIER_WEIGHTS)];
            sizeWeights[i] = tiers[i].typicalUsers() * Math.exp(gaussian(random) * 0.4);
        }
        int[] userCounts = allocate(settings.users(), sizeWeights);
        Set<String> names = new HashSet<>();
        List<Account> accounts = new ArrayList<>(accountCount);
        for (int i = 0; i < accountCount; i++) {
            accounts.add(account(settings, random, i, tiers[i], userCounts[i], names, days));
        }
        return new World(settings, accounts, new FeatureCatalog(settings.truth().powerFeature()));
    }

    private static Account account(SimulationSettings settings, SplittableRandom random, int index, Tier tier,
            int userCount, Set<String> names, int days) {
        String name = Randoms.pick(random, PREFIXES) + " " + Randoms.pick(random, SUFFIXES);
        for (int n = 2; !names.add(name); n++) {
            name = name.replaceAll(" \\d+$", "") + " " + n;
        }
        String domain = name.toLowerCase(Locale.ROOT).replace(' ', '-') + ".example";
        // Most accounts are older than the simulated period; a quarter are won during it.
        boolean newAccount = random.nextDouble() < 0.25 && days > 60;
        int createdDay = newAccount ? Randoms.between(random, 0, days - 45) : -Randoms.between(random, 30, 1095);
        LocalDate createdDate = settings.start().plusDays(createdDay);
        String plan = switch (tier) {
            case ENTERPRISE -> "Enterprise";
            case MID_MARKET -> "Business";
            case SMB -> random.nextDouble() < 0.5 ? "Starter" : "Growth";
        };
        int seats = (int) Math.ceil(userCount * (1.05 + random.nextDouble() * 0.55));
        String csm = tier == Tier.SMB ? "Digital CS" : Randoms.pick(random, CSMS);
        List<User> users = new ArrayList<>(userCount);
        Set<String> emails = new HashSet<>();
        for (int u = 0; u < userCount; u++) {
            users.add(user(settings, random, index, u, createdDay, domain, emails, days));
        }
        return new Account(index, String.format(Locale.ROOT, "acc-%04d", index + 1), name, domain, tier, plan,
                Randoms.pick(random, INDUSTRIES), csm, createdDay, createdDate, createdDate, seats, users);
    }

    private static User user(SimulationSettings settings, SplittableRandom random, int accountIndex, int index,
            int accountCreatedDay, String domain, Set<String> emails, int days) {
        int signupDay;
        if (index == 0) {
            signupDay = accountCreatedDay;
        } else if (accountCreatedDay >= 0 || random.nextDouble() < settings.newUserShare()) {
            signupDay = Randoms.between(random, Math.max(0, accountCreatedDay), days - 1);
        } else {
            signupDay = Randoms.between(random, accountCreatedDay, -1);
        }
        Role role = index == 0 ? Role.ADMIN : Role.values()[Randoms.weighted(random, ROLE_WEIGHTS)];
        String first = Randoms.pick(random, FIRST_NAMES);
        String last = Randoms.pick(random, LAST_NAMES);
        String local = (first + "." + last).toLowerCase(Locale.ROOT);
        String email = local + "@" + domain;
        for (int n = 2; !emails.add(email); n++) {
            email = local + n + "@" + domain;
        }
        String id = String.format(Locale.ROOT, "usr-%04d-%03d", accountIndex + 1, index + 1);
        return new User(index, id, first + " " + last, email, role, signupDay, Randoms.between(random, 7, 16));
    }

    /** Splits {@code total} into integer parts proportional to the weights, each at least 1. */
    static int[] allocate(int total, double[] weights) {
        int n = weights.length;
        int[] parts = new int[n];
        double sum = 0;
        for (double weight : weights) {
            sum += weight;
        }
        int remaining = total - n;
        double[] remainders = new double[n];
        int assigned = 0;
        for (int i = 0; i < n; i++) {
            double share = remaining * weights[i] / sum;
            parts[i] = 1 + (int) Math.floor(share);
            remainders[i] = share - Math.floor(share);
            assigned += parts[i];
        }
        while (assigned < total) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            parts[best]++;
            remainders[best] = -1;
            assigned++;
        }
        return parts;
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = Math.max(random.nextDouble(), 1e-12);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
