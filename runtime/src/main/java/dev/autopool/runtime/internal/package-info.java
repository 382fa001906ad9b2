/**
 * Internal, may change in any release: the leaf every runtime package builds on. The call sites' store
 * ({@link dev.autopool.runtime.internal.SiteRegistry}, {@link dev.autopool.runtime.internal.Site}; who may register is
 * {@link dev.autopool.runtime.Sites}' decision), the primitive element types the pools and the ONNX path hold
 * ({@link dev.autopool.runtime.internal.ElementType}, with every per-type operation) and the factory of the
 * runtime's own threads. Depends on no other runtime package.
 */
package dev.autopool.runtime.internal;
