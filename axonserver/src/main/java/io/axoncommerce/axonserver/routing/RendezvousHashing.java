package io.axoncommerce.axonserver.routing;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.function.ToIntFunction;
import java.util.function.Function;

/**
 * Weighted rendezvous (highest-random-weight) hashing: every candidate scores {@code -weight / ln(u)} where
 * {@code u} is a uniform hash of (key, candidate), and the highest score wins. A key keeps its candidate as long as
 * that candidate stays; when one leaves, only its keys move; a candidate's share of keys is proportional to its weight.
 * The hash must be well mixed (CRC32, for example, skews badly on similar ids), so a 64-bit FNV-1a is finished with
 * the SplitMix64 avalanche.
 */
public final class RendezvousHashing {

    private RendezvousHashing() {
    }

    public static <T> T select(String key, Collection<T> candidates, Function<T, String> identity,
                               ToIntFunction<T> weight) {
        T best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (T candidate : candidates) {
            double score = score(key, identity.apply(candidate), weight.applyAsInt(candidate));
            if (best == null || score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    static double score(String key, String candidate, int weight) {
        long hash = mix(fnv1a(candidate, fnv1a(key, 0xcbf29ce484222325L) ^ 0xff));
        // 53 random bits -> (0, 1): never 0, so the logarithm is finite and negative
        double unit = ((hash >>> 11) + 0.5) / (double) (1L << 53);
        return -Math.max(weight, 1) / Math.log(unit);
    }

    private static long fnv1a(String value, long seed) {
        long hash = seed;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
