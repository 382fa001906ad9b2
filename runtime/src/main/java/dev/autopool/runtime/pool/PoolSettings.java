package dev.autopool.runtime.pool;

import dev.autopool.runtime.internal.ElementType;
import dev.autopool.runtime.settings.Setting;
import dev.autopool.runtime.settings.SettingValues;
import dev.autopool.runtime.settings.WarmupEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The pools' settings, parsed once from the agent's {@code key=value} settings into an immutable value, with the
 * grammar {@link Setting} declares for each key. Keys that other parts of autopool own are ignored here; a bad
 * value is reported and its default kept.
 *
 * @param budget           bytes the pool may keep for later ({@code budget=256m}, else {@code budget.fraction}
 *                         of the max heap, default 0.25)
 * @param shapeCap         bytes one shape may keep ({@code shape.max=64m}, default half the budget)
 * @param magazineSize     free arrays one thread keeps per shape without locking ({@code magazine.size=8})
 * @param magazineMaxBytes arrays larger than this skip the thread magazines ({@code magazine.max=4m})
 * @param magazineEarn     borrows a platform thread makes through the shared stripes before it gets private
 *                         magazines ({@code magazine.earn=64}; virtual threads never do)
 * @param trimIdleNanos    a shape unused this long gives its free arrays back ({@code trim.idle=60s}; 0 = never)
 * @param outstandingWarn  lent-and-not-returned bytes that trigger a warning ({@code outstanding.warn=1g};
 *                         default half the max heap; 0 = never)
 * @param warmup           shapes to pre-allocate at start-up ({@code warmup=float[3][256][256]x4;int[1024]x2})
 */
record PoolSettings(long budget, long shapeCap, int magazineSize, long magazineMaxBytes, int magazineEarn,
                           long trimIdleNanos, long outstandingWarn, List<WarmupShape> warmup) {

    PoolSettings {
        warmup = List.copyOf(warmup);
    }

    /** Defaults for a JVM whose max heap is {@code maxHeap} bytes. */
    static PoolSettings defaults(long maxHeap) {
        long budget = (long) (maxHeap * 0.25);
        return new PoolSettings(budget, budget / 2, 8, 4L << 20, 64, TimeUnit.SECONDS.toNanos(60), maxHeap / 2,
                List.of());
    }

    /** Parses the keys this class owns; every bad value goes to {@code problems} as one actionable sentence. */
    static PoolSettings parse(Map<String, String> settings, long maxHeap, Consumer<String> problems) {
        PoolSettings d = defaults(maxHeap);
        SettingValues p = new SettingValues(settings, maxHeap, problems);
        double fraction = p.fraction(Setting.BUDGET_FRACTION, 0.25);
        long budget = p.bytes(Setting.BUDGET, (long) (maxHeap * fraction));
        long shapeCap = p.bytes(Setting.SHAPE_MAX, budget / 2);
        int magazineSize = (int) Math.min(1024, p.count(Setting.MAGAZINE_SIZE, d.magazineSize));
        long magazineMax = p.bytes(Setting.MAGAZINE_MAX, d.magazineMaxBytes);
        int magazineEarn = (int) p.count(Setting.MAGAZINE_EARN, d.magazineEarn);
        long trimIdle = TimeUnit.MILLISECONDS.toNanos(p.millis(Setting.TRIM_IDLE,
                TimeUnit.NANOSECONDS.toMillis(d.trimIdleNanos)));
        long warn = p.bytes(Setting.OUTSTANDING_WARN, d.outstandingWarn);
        List<WarmupShape> warmup = new ArrayList<>();
        for (WarmupEntry e : p.warmup(Setting.WARMUP)) {
            warmup.add(WarmupShape.of(e));
        }
        return new PoolSettings(budget, shapeCap, magazineSize, magazineMax, magazineEarn, trimIdle, warn, warmup);
    }

    /** One {@code warmup} entry: {@code count} arrays of {@code shape}. */
    record WarmupShape(Shape shape, int count) {
        static WarmupShape of(WarmupEntry entry) {
            int[] dims = new int[entry.dims().size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = entry.dims().get(i);
            }
            ElementType element = ElementType.valueOf(entry.element().toUpperCase(Locale.ROOT));
            return new WarmupShape(Shape.of(element.type, dims), entry.count());
        }
    }
}
