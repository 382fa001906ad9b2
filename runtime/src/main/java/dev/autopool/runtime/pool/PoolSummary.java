package dev.autopool.runtime.pool;

import dev.autopool.runtime.report.ShutdownSummary;
import java.util.ArrayList;
import java.util.List;

/** The pools' part of the exit block: the counters on the SUMMARY line, then the SHAPE and SIZED-PLAIN lines. */
final class PoolSummary implements ShutdownSummary.Counters {
    private final ArrayPool pool;

    PoolSummary(ArrayPool pool) {
        this.pool = pool;
    }

    @Override
    public String words() {
        return pool.stats().toString();
    }

    @Override
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        String shapes = shapeLines();
        if (!shapes.isEmpty()) lines.add(shapes);
        lines.addAll(SizedSites.summaryLines());
        return lines;
    }

    /**
     * One {@code autopool SHAPE <shape> key=value...} line per shape, the ten largest (retained plus outstanding
     * bytes) first, as one piece; empty when nothing was pooled.
     */
    String shapeLines() {
        List<ShapeStats> shapes = pool.shapeStats();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(10, shapes.size()); i++) {
            sb.append(i == 0 ? "" : "\n").append("autopool SHAPE ").append(shapes.get(i));
        }
        if (shapes.size() > 10) {
            sb.append("\nautopool SHAPE ... and ").append(shapes.size() - 10).append(" more shapes (see JMX ")
                    .append("dev.autopool:type=Pools)");
        }
        return sb.toString();
    }
}
