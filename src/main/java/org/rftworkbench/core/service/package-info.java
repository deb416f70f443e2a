/**
 * The compute service contract: {@link org.rftworkbench.core.service.ComputeService}, the immutable request records
 * (preview, sweep and the layer analyses), their results and {@link org.rftworkbench.core.service.JobEvent}s, job
 * handles and priorities. Callers (CLI, desktop app, server) depend on this package only.
 *
 * <p>Sub-packages: {@code embedded} (device threads, job queue, latest-wins keys, the work each request runs),
 * {@code cache} (the content-addressed result cache), {@code estimate} (progressive-preview orders, schedules and
 * interval math) and {@code remote} (HTTP server and client).
 */
package org.rftworkbench.core.service;
