package org.rftworkbench.core.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 helpers with unambiguous (length-prefixed) encoding of strings and lists. */
final class Hashing {
    private Hashing() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    static void putInt(MessageDigest md, int v) {
        md.update(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    static void putString(MessageDigest md, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        putInt(md, bytes.length);
        md.update(bytes);
    }

    static void putStrings(MessageDigest md, List<String> list) {
        putInt(md, list.size());
        for (String s : list) {
            putString(md, s);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** SHA-256 hex of the given strings, each length-prefixed. */
    static String sha256Hex(String... parts) {
        MessageDigest md = sha256();
        for (String p : parts) {
            putString(md, p);
        }
        return hex(md.digest());
    }
}
