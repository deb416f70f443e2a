package org.rftworkbench.core.service.cache;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.util.List;
import org.rftworkbench.core.util.Hashing;

/**
 * Builds a content-addressed key for the {@link ResultCache}: the SHA-256 of named fields, each length-prefixed so
 * that no two different field lists can collide by concatenation. Every input that can change a cached value must
 * be added (checkpoint hashes, alphas, dataset content, metric settings, code version). Not thread-safe; use one
 * builder per key.
 */
public final class CacheKey {
    private final MessageDigest digest = Hashing.sha256();

    private CacheKey(String kind) {
        Hashing.putString(digest, "rft-result-cache");
        Hashing.putString(digest, kind);
    }

    /** @param kind what is cached, e.g. "eval-cell" or "sharpness-cell"; keys of different kinds never collide */
    public static CacheKey of(String kind) {
        return new CacheKey(kind);
    }

    public CacheKey add(String field, String value) {
        Hashing.putString(digest, field);
        Hashing.putString(digest, value == null ? "\u0000null" : value);
        return this;
    }

    public CacheKey add(String field, long value) {
        return add(field, Long.toString(value));
    }

    /** A double as its exact decimal expansion (BigDecimal of the binary value), so distinct doubles never merge. */
    public CacheKey addExact(String field, double value) {
        return add(field, exactDecimal(value));
    }

    public CacheKey add(String field, List<String> values) {
        Hashing.putString(digest, field);
        Hashing.putStrings(digest, values);
        return this;
    }

    /** The hex SHA-256 key; the builder must not be used afterwards. */
    public String build() {
        return Hashing.hex(digest.digest());
    }

    /** "0.1" as the double nearest to it: 0.1000000000000000055511151231257827021181583404541015625. */
    public static String exactDecimal(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(value).toPlainString();
    }
}
