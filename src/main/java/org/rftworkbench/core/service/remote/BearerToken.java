package org.rftworkbench.core.service.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import org.rftworkbench.core.RftException;

/**
 * The shared secret of a server, checked in constant time. Only its SHA-256 digest is kept, so comparing a presented
 * token costs the same whatever its length or content ({@link MessageDigest#isEqual} on equal-length digests).
 * Immutable and thread-safe.
 */
public final class BearerToken {
    /** Tokens shorter than this are refused: they could be guessed. */
    public static final int MIN_LENGTH = 16;

    private static final String SCHEME = "Bearer ";

    private final byte[] digest;

    private BearerToken(String token) {
        this.digest = sha256(token);
    }

    /** A token given directly (tests, or a client that already read it). */
    public static BearerToken of(String token) throws RftException {
        if (token == null || token.strip().length() < MIN_LENGTH) {
            throw new RftException("the access token must be at least " + MIN_LENGTH + " characters");
        }
        return new BearerToken(token.strip());
    }

    /**
     * Reads a token file: its first line, without surrounding whitespace. Refuses empty or short tokens. Returns the
     * token text (the client sends it; the server wraps it with {@link #of}).
     */
    public static String readFile(Path file) throws RftException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new RftException(RftException.at(file, "token file not found"));
        } catch (IOException e) {
            throw new RftException(RftException.at(file, "cannot read token file: " + e.getMessage()), e);
        }
        String token = text.lines().findFirst().orElse("").strip();
        if (token.length() < MIN_LENGTH) {
            throw new RftException(RftException.at(file, "token must be at least " + MIN_LENGTH
                    + " characters on the first line (e.g. openssl rand -hex 32 > " + file.getFileName() + ")"));
        }
        return token;
    }

    /** True when the token file can be read by users other than its owner (POSIX file systems only). */
    public static boolean isReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    /** Checks an {@code Authorization} header value ("Bearer TOKEN"); null or another scheme never matches. */
    public boolean matchesHeader(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(SCHEME.length()).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[hidden]";
    }
}
