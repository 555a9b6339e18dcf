package dev.uptake.simulator.world;

import java.util.SplittableRandom;

/** Seeded random streams addressed by path (seed, account, user, day), so each can be regenerated on its own. */
public final class Randoms {

    private Randoms() {
    }

    public static SplittableRandom stream(long seed, long... path) {
        long state = mix(seed ^ 0x5DEECE66DL);
        for (long part : path) {
            state = mix(state * 31 + part + 0x9E3779B97F4A7C15L);
        }
        return new SplittableRandom(state);
    }

    /** Index drawn with the given weights. */
    public static int weighted(SplittableRandom random, double... weights) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double target = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            target -= weights[i];
            if (target < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    public static <T> T pick(SplittableRandom random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Uniform in [from, to], both inclusive. */
    public static int between(SplittableRandom random, int from, int to) {
        return to <= from ? from : from + random.nextInt(to - from + 1);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
