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
 * @param maxBodyBytes largest accepted request body; larger ones get 413
 */
public record ServerConfig(String host, int port, BearerToken token, ServerRoots roots, int maxBodyBytes) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8765;
    /** 1 MiB: a request is a few hundred bytes; anything near this is a mistake or an attack. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    /** Loopback, any free port, no token: for tests and benchmarks on one machine. */
    public static ServerConfig loopback(ServerRoots roots) {
        return new ServerConfig(DEFAULT_HOST, 0, null, roots, DEFAULT_MAX_BODY_BYTES);
    }

    public ServerConfig withToken(BearerToken newToken) {
        return new ServerConfig(host, port, newToken, roots, maxBodyBytes);
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
