/**
 * The tracker: the ledger of outstanding borrows and the problems found on it (leaks, double and foreign
 * returns, writes after return...), with one package-private class per problem line ({@code LeakReport},
 * {@code DoubleReturnReport}, ...).
 *
 * <p>Supported API: {@link dev.autopool.runtime.track.Tracking} (with the values it returns:
 * {@link dev.autopool.runtime.track.SiteTotals}, {@link dev.autopool.runtime.track.ProblemKind},
 * {@link dev.autopool.runtime.track.LeakLevel}), {@link dev.autopool.runtime.track.TrackingSettings} and
 * {@link dev.autopool.runtime.track.SiteCountersMXBean} ({@code dev.autopool:type=TrackedSite,...}). Every other
 * public type ({@code Tracker}, {@code SiteTally}, {@code TrackingSummary}) is internal, public only for the pools,
 * and may change in any release.
 */
package dev.autopool.runtime.track;
