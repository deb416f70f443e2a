package org.rftworkbench.core.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers for provenance and cache keys. Stateless and thread-safe. */
public final class Hashing {
    private Hashing() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Hex SHA-256 of a file's bytes, streamed (constant memory). */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Hex SHA-256 of a UTF-8 string. */
    public static String sha256(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Feeds a big-endian int. */
    public static void putInt(MessageDigest md, int v) {
        md.update(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    /** Feeds a string length-prefixed, so that ("ab","c") and ("a","bc") hash differently. */
    public static void putString(MessageDigest md, String s) {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        putInt(md, bytes.length);
        md.update(bytes);
    }

    /** Feeds a list of strings, count-prefixed. */
    public static void putStrings(MessageDigest md, java.util.List<String> list) {
        putInt(md, list.size());
        for (String s : list) {
            putString(md, s);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** Hex SHA-256 of the given strings, each length-prefixed (an unambiguous key for cache entries). */
    public static String sha256Hex(String... parts) {
        MessageDigest md = sha256();
        for (String p : parts) {
            putString(md, p);
        }
        return hex(md.digest());
    }
}
