/**
 * ONNX Runtime tensors over pooled direct buffers, and ONNX outputs read into pooled arrays.
 *
 * <p>{@link dev.autopool.runtime.onnx.OnnxTensors} is part of the agent's call contract (rewritten
 * {@code OnnxTensor.createTensor} calls and the {@code close()}/{@code getBufferRef()} hooks land on it);
 * {@link dev.autopool.runtime.onnx.OnnxTensorsMXBean} ({@code dev.autopool:type=OnnxTensors}) is supported API.
 * Everything else here is package-private.
 */
package dev.autopool.runtime.onnx;
