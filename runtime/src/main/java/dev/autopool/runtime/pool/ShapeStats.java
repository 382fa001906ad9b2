package dev.autopool.runtime.pool;

/** The counters of one exact shape. */
public record ShapeStats(Shape shape, PoolStats stats) {
    @Override
    public String toString() {
        return shape + " " + stats;
    }
}
