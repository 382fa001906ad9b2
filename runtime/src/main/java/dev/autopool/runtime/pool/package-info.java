/**
 * The array pools: one generic core ({@code ArrayPool}) behind the 24 families, the JVM's one pool
 * ({@link dev.autopool.runtime.pool.GlobalPool}, which wires it to the tracker, JMX and the exit summary on first
 * use), its housekeeping and settings.
 *
 * <p>Supported API: {@link dev.autopool.runtime.pool.PoolsMXBean} ({@code dev.autopool:type=Pools}) and the values
 * {@code Autopool} returns ({@link dev.autopool.runtime.pool.PoolStats}). Every other public type is internal, public
 * only for the entry points and the ONNX pool, and may change in any release.
 */
package dev.autopool.runtime.pool;
