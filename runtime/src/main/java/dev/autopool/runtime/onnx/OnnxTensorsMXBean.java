package dev.autopool.runtime.onnx;

import java.util.List;

/**
 * Counters of the pooled ONNX tensors, registered on the platform MBean server as {@value #OBJECT_NAME} once the
 * first tensor is pooled. Per-shape lines read {@code shape=float[8][64][128] created=.. reused=..
 * directBytesAvoided=.. open=.. leaks=..}.
 */
public interface OnnxTensorsMXBean {
    String OBJECT_NAME = "dev.autopool:type=OnnxTensors";

    long getCreated();

    long getReused();

    long getDirectBytesAvoided();

    long getOpen();

    long getLeaks();

    long getRetainedBytes();

    List<String> getShapes();
}
