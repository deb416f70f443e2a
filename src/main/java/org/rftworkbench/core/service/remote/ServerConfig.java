package org.rftworkbench.core.service.remote;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.rftworkbench.core.RftException;

/**
 * How a {@link ComputeServer} listens. Immutable.
 *
 * @param host         address to bind; loopback ("127.0.0.1") unless a token is set
 * @param port         TCP port, 0 = any free port
 * @param token        required {@code Authorization: Bearer} token, or null for none (loopback only)
 * @param roots        folders that project, checkpoint and dataset paths must lie in
 * @param maxBodyBytes   largest accepted request body; larger ones get 413
 * @param maxConnections most requests handled at once, each on its own thread, open event streams included; a
 *                       connection beyond it is closed unanswered (see {@link #DEFAULT_MAX_CONNECTIONS})
 */
public record ServerConfig(String host, int port, BearerToken token, ServerRoots roots, int maxBodyBytes,
        int maxConnections) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8765;
    /** 1 MiB: a request is a few hundred bytes; anything near this is a mistake or an attack. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /**
     * The JDK HTTP server's own cap on open connections (read once per process), which this server also uses as its
     * cap on handler threads: {@value #CONNECTIONS_PROPERTY} when set, else 128 (a desktop client holds one
     * connection per running job's event stream, plus one or two for requests).
     */
    public static final String CONNECTIONS_PROPERTY = "jdk.httpserver.maxConnections";
    public static final int DEFAULT_MAX_CONNECTIONS = defaultMaxConnections();

    /** With the default connection cap. */
    public ServerConfig(String host, int port, BearerToken token, ServerRoots roots, int maxBodyBytes) {
        this(host, port, token, roots, maxBodyBytes, DEFAULT_MAX_CONNECTIONS);
    }

    /** Loopback, any free port, no token: for tests and benchmarks on one machine. */
    public static ServerConfig loopback(ServerRoots roots) {
        return new ServerConfig(DEFAULT_HOST, 0, null, roots, DEFAULT_MAX_BODY_BYTES);
    }

    public ServerConfig withToken(BearerToken newToken) {
        return new ServerConfig(host, port, newToken, roots, maxBodyBytes, maxConnections);
    }

    public ServerConfig withMaxConnections(int max) {
        return new ServerConfig(host, port, token, roots, maxBodyBytes, max);
    }

    private static int defaultMaxConnections() {
        Integer configured = Integer.getInteger(CONNECTIONS_PROPERTY);
        return configured != null && configured > 0 ? configured : 128;
    }

    /**
     * Resolves the host and refuses unsafe settings: binding anything but a loopback address without a token would
     * let anyone on the network run jobs and read results.
     */
    public InetAddress validate() throws RftException {
        if (port < 0 || port > 65535) {
            throw new RftException("--port " + port + " is not a TCP port (0-65535)");
        }
        if (maxBodyBytes <= 0) {
            throw new RftException("the request body limit must be positive");
        }
        if (maxConnections <= 0) {
            throw new RftException("the connection limit (-D" + CONNECTIONS_PROPERTY + ") must be positive");
        }
        if (roots == null) {
            throw new RftException("the server needs at least one root folder (--root)");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new RftException("--host " + host + ": unknown host");
        }
        if (!address.isLoopbackAddress() && token == null) {
            throw new RftException("--host " + host + ": refusing to listen on a non-loopback address without a"
                    + " token; pass --token-file FILE, or keep 127.0.0.1 and use an SSH tunnel (docs/REMOTE.md)");
        }
        return address;
    }
}
