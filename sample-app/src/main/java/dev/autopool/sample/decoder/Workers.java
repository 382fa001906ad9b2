package dev.autopool.sample.decoder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The decoder's thread pool. With one thread, work runs on the caller; otherwise on a fixed pool whose threads are
 * started up front, so their allocation can be measured while they are alive.
 */
public final class Workers implements AutoCloseable {
    /** A unit of work that may fail with a decode error. */
    interface Task {
        void run() throws DecodeException;
    }

    private final ThreadPoolExecutor pool;
    private final List<Thread> threads = new ArrayList<>();

    public Workers(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        if (threads == 1) {
            pool = null;
            return;
        }
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "decoder-worker-" + this.threads.size());
            t.setDaemon(true);
            synchronized (this.threads) {
                this.threads.add(t);
            }
            return t;
        });
        pool.prestartAllCoreThreads();
    }

    /** Ids of the pool's threads (empty with one thread). */
    public long[] threadIds() {
        synchronized (threads) {
            return threads.stream().mapToLong(Thread::getId).toArray();
        }
    }

    Batch batch() {
        return new Batch();
    }

    /** Runs {@code task(i)} for i in 0..n-1, in parallel, and waits for all of them. */
    void forEach(int n, IndexedTask task) throws DecodeException {
        Batch batch = batch();
        for (int i = 0; i < n; i++) {
            int index = i;
            batch.submit(() -> task.run(index));
        }
        batch.await();
    }

    interface IndexedTask {
        void run(int index) throws DecodeException;
    }

    /** Work submitted together and awaited together; the first failure is rethrown after all tasks ended. */
    final class Batch {
        private final List<Future<?>> futures = new ArrayList<>();

        void submit(Task task) throws DecodeException {
            if (pool == null) {
                task.run();
                return;
            }
            futures.add(pool.submit(() -> {
                task.run();
                return null;
            }));
        }

        void await() throws DecodeException {
            Throwable first = null;
            boolean interrupted = false;
            for (Future<?> f : futures) {
                while (true) {
                    try {
                        f.get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true; // every task must end before its buffers can be freed
                    } catch (ExecutionException e) {
                        if (first == null) first = e.getCause();
                        break;
                    }
                }
            }
            futures.clear();
            if (interrupted) Thread.currentThread().interrupt();
            if (first instanceof DecodeException d) throw d;
            if (first instanceof RuntimeException r) throw r;
            if (first instanceof Error e) throw e;
        }
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdown();
    }
}
