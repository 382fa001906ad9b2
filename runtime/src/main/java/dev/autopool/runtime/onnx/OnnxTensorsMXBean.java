package dev.autopool.runtime.onnx;

import java.util.List;
import javax.management.openmbean.CompositeData;

/**
 * Counters of the pooled ONNX tensors, registered on the platform MBean server as {@value #OBJECT_NAME} once the
 * first tensor is pooled: totals and one composite row per exact shape. {@code JMX.newMXBeanProxy} works: a row
 * is rebuilt on the client by {@link TensorShape#from}.
 */
public interface OnnxTensorsMXBean {
    String OBJECT_NAME = "dev.autopool:type=OnnxTensors";

    long getCreated();

    long getReused();

    long getDirectBytesAvoided();

    long getOpen();

    long getLeaks();

    long getRetainedBytes();

    List<TensorShape> getShapes();

    /** One shape's row in {@link #getShapes()}, e.g. shape {@code float[8][64][128]}. */
    final class TensorShape {
        private final String shape;
        private final long created, reused, directBytesAvoided, open, leaks;

        public TensorShape(String shape, long created, long reused, long directBytesAvoided, long open, long leaks) {
            this.shape = shape;
            this.created = created;
            this.reused = reused;
            this.directBytesAvoided = directBytesAvoided;
            this.open = open;
            this.leaks = leaks;
        }

        /** What the MXBean framework calls on a JMX client to turn a row back into this type. */
        public static TensorShape from(CompositeData d) {
            return new TensorShape((String) d.get("shape"), (Long) d.get("created"), (Long) d.get("reused"),
                    (Long) d.get("directBytesAvoided"), (Long) d.get("open"), (Long) d.get("leaks"));
        }

        public String getShape() { return shape; }
        public long getCreated() { return created; }
        public long getReused() { return reused; }
        public long getDirectBytesAvoided() { return directBytesAvoided; }
        public long getOpen() { return open; }
        public long getLeaks() { return leaks; }

        @Override
        public String toString() {
            return "shape=" + shape + " created=" + created + " reused=" + reused + " directBytesAvoided="
                    + directBytesAvoided + " open=" + open + " leaks=" + leaks;
        }
    }
}
