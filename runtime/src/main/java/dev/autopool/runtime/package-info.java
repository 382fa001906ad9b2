/**
 * The runtime's public surface: what apps and the agent call.
 *
 * <p>Supported API, kept compatible: {@link dev.autopool.runtime.Autopool} (borrow, release, scopes, the one
 * configuration), {@link dev.autopool.runtime.track.Tracking} (what the tracker knows, checkpoints) with
 * {@link dev.autopool.runtime.track.TrackingSettings}, and the MXBean
 * interfaces ({@link dev.autopool.runtime.pool.PoolsMXBean}, {@link dev.autopool.runtime.track.SiteCountersMXBean},
 * {@link dev.autopool.runtime.onnx.OnnxTensorsMXBean}), whose ObjectNames ({@code dev.autopool:type=...}) and the JFR
 * event names ({@code dev.autopool.*}) stay the same whatever package implements them.
 *
 * <p>The agent's call contract: {@link dev.autopool.runtime.Pools}, {@link dev.autopool.runtime.onnx.OnnxTensors}
 * and {@link dev.autopool.runtime.Sites}. Rewritten bytecode calls them by internal name (the agent's
 * {@code rewrite} package), so their names, packages and signatures change only together with the agent; they
 * are public because code of every class loader calls them, not for apps to call.
 *
 * <p>Every other public type of the runtime is public only because another runtime package uses it; the
 * package-info of each package says which. Packages depend on each other one way (checked by
 * {@code PackageGraphTest}): this package -> {@code onnx} -> {@code pool} -> {@code track} -> {@code settings} ->
 * {@code report} -> {@code internal}.
 */
package dev.autopool.runtime;
