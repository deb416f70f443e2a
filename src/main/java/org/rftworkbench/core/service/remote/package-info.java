/**
 * Remote mode: {@link org.rftworkbench.core.service.remote.ComputeServer} exposes any
 * {@link org.rftworkbench.core.service.ComputeService} over HTTP + JSON (JDK {@code com.sun.net.httpserver}), and
 * {@link org.rftworkbench.core.service.remote.RemoteComputeService} is the client that callers use exactly like the
 * embedded service. The wire protocol is documented in docs/REMOTE.md.
 */
package org.rftworkbench.core.service.remote;
