/**
 * The in-process compute service: one device thread per device ({@code DeviceWorker}) that owns the opened projects
 * ({@link org.rftworkbench.core.service.embedded.DeviceSession}), a priority {@code JobQueue} with latest-wins keys,
 * one event thread, and the work each request type runs on a device thread (preview, sweep, analyses).
 */
package org.rftworkbench.core.service.embedded;
