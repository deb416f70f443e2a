/**
 * The content-addressed result cache shared by the CLI, the app and the server: checksummed entries written
 * atomically, keyed by {@link org.rftworkbench.core.service.cache.CacheKey}s built from file contents and settings.
 */
package org.rftworkbench.core.service.cache;
