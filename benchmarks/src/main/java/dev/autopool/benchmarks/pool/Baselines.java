package dev.autopool.benchmarks.pool;

import java.lang.reflect.Array;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import stormpot.Allocator;
import stormpot.Expiration;
import stormpot.Pool;
import stormpot.Pooled;
import stormpot.Slot;

/** The other pools the benchmarks compare against, each set up the way its documentation recommends for speed. */
final class Baselines {
    private Baselines() {}

    static int[] dims(String shape) {
        String[] parts = shape.split(",");
        int[] d = new int[parts.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Integer.parseInt(parts[i].trim());
        }
        return d;
    }

    /** Stormpot with inline allocation and no expiration: claim/release is then pure pool bookkeeping. */
    static Pool<Pooled<Object>> stormpot(int[] dims, int size) {
        Allocator<Pooled<Object>> allocator = new Allocator<>() {
            @Override
            public Pooled<Object> allocate(Slot slot) {
                return new Pooled<>(slot, Array.newInstance(float.class, dims));
            }

            @Override
            public void deallocate(Pooled<Object> poolable) {
                // the GC takes the array
            }
        };
        return Pool.fromInline(allocator).setSize(size).setExpiration(Expiration.never()).build();
    }

    /** Commons Pool2 with a fixed-size LIFO pool that never blocks and never validates. */
    static GenericObjectPool<Object> commonsPool2(int[] dims, int size) {
        GenericObjectPoolConfig<Object> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(size);
        config.setMaxIdle(size);
        config.setJmxEnabled(false);
        config.setTestOnBorrow(false);
        config.setTestOnReturn(false);
        config.setLifo(true);
        return new GenericObjectPool<>(new BasePooledObjectFactory<>() {
            @Override
            public Object create() {
                return Array.newInstance(float.class, dims);
            }

            @Override
            public PooledObject<Object> wrap(Object array) {
                return new DefaultPooledObject<>(array);
            }
        }, config);
    }
}
