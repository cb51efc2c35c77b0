/**
 * The content-addressed feature cache: cache keys, manifests, Arrow IPC files, the resumable extraction that
 * writes an entry and the integrity checks every reader applies. The on-disk contract is {@code docs/cache-format.md}.
 *
 * <p>May import {@code dev.frozen}, {@code data} and {@code backbone}; never heads, experiments or cli. A new
 * setting that changes the numbers belongs in {@link dev.frozen.features.CacheKey} and the manifest, in that order.
 */
package dev.frozen.features;
