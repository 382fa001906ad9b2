package dev.autopool.runtime.track;

import dev.autopool.runtime.internal.SiteRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the tracker knows, for tests, reports and tools: the buffers outstanding right now, the counters per
 * site, and {@link Checkpoint checkpoints} that list exactly what went wrong after them without waiting on the
 * GC (the deterministic check behind the JUnit extension).
 */
public final class Tracking {
    /** The loans kept outside the ledger that checkpoints ask too (the ONNX tensors, once any was pooled). */
    private static final List<OutsideLoans> OUTSIDE = new CopyOnWriteArrayList<>();

    private Tracking() {}

    /**
     * Loans the tracker does not keep in its ledger: ONNX tensors over pooled buffers, which live in the
     * {@code onnx} package (this one cannot name it). A checkpoint asks each, so a test that leaves a tensor open
     * or leaks one fails like one that does so with an array.
     */
    public interface OutsideLoans {
        /**
         * Reports, through {@link #tensorLeak}, the loans the GC has already collected unreturned and that were
         * not reported yet, without waiting for a background thread.
         */
        void drainCollected();

        /**
         * One line per loan made in checkpoint epoch {@code epoch} or later (see {@link #checkpointEpoch()}) and
         * still open, naming what it is and where it was made, e.g. {@code an OnnxTensor of float[16][16] (1024
         * bytes) created at com.acme.Infer.run(Infer.java:42) and never closed}.
         */
        List<String> outstandingSince(long epoch);
    }

    /**
     * Adds loans kept elsewhere to what {@link Checkpoint#failures()} checks. Adding can only make a checkpoint
     * stricter (nobody can take another's loans out of it), so anyone may.
     */
    public static void addOutsideLoans(OutsideLoans loans) {
        OUTSIDE.add(loans);
    }

    /**
     * The current checkpoint epoch (0 before the first checkpoint). A loan kept outside the ledger remembers the
     * epoch it was made in, as a borrow does, so a checkpoint counts only the loans made since it.
     */
    public static long checkpointEpoch() {
        return Tracker.epoch();
    }

    /** A buffer lent and not yet released. */
    public record Outstanding(String array, long bytes, int site, String siteName) {
        @Override
        public String toString() {
            return array + " (" + bytes + " bytes) borrowed at " + siteName + " and never released";
        }
    }

    /** A problem the tracker found: its kind and its report line. */
    public record Problem(ProblemKind kind, String line) {}

    /**
     * Every buffer outstanding right now (walks the ledger: for tests and tools, not hot paths). A loan given up
     * to the GC on purpose (an {@code owned} field's buffer, which goes home when its owner is collected or is
     * left to the GC; a lifecycle field's buffer the class stored another array over) is the agent's to end, not
     * the app's, and is not listed.
     */
    public static List<Outstanding> outstanding() {
        List<Outstanding> all = new ArrayList<>();
        Tracker.LEDGER.forEach(entry -> {
            if (entry.isBorrowed() && !entry.leftToGc) {
                all.add(outstanding(entry));
            }
        });
        return all;
    }

    /**
     * Reports leaks among the buffers the GC has collected so far, without waiting for the background watcher;
     * returns how many this call found.
     */
    public static int drainLeaks() {
        return LeakWatcher.drainCollected();
    }

    /**
     * Reports an ONNX tensor over a pooled buffer that the GC collected without {@code close()}, created at
     * {@code site}: one {@code autopool LEAK} line per site and report interval, a JFR event, and the site's leak
     * counters (JMX, the shutdown summary), which are counted only after the line and the event are out. At
     * {@code leak=off} nothing is said or counted here (the ONNX pool still counts it in its own metrics). At
     * every level the leak is remembered for the checkpoints taken at or before {@code loanEpoch}, the
     * {@link #checkpointEpoch()} the tensor was created in.
     */
    public static void tensorLeak(int site, String tensor, long bytes, Throwable creationStack, long loanEpoch) {
        Problems.tensorLeak(site, tensor, bytes, creationStack, loanEpoch);
    }

    /**
     * At {@code leak=paranoid}, the stack of a tensor being created at {@code site}, for its LEAK line should it
     * leak; null at other levels, which capture no stacks.
     */
    public static Throwable creationStack(int site) {
        return TrackingSettings.current().leak() == LeakLevel.PARANOID
                ? new Throwable("created at " + SiteRegistry.get(site)) : null;
    }

    /** The counters of every site seen so far. */
    public static List<SiteTotals> sites() {
        List<SiteTotals> all = new ArrayList<>();
        for (SiteCounters counters : Tracker.SITES.all()) {
            all.add(counters.totals());
        }
        return all;
    }

    /** The counters of one site (zeros if it was never seen). */
    public static SiteTotals site(int site) {
        return Tracker.SITES.of(site).totals();
    }

    /** Sums over every site. */
    public static SiteTotals totals() {
        long borrows = 0, hits = 0, bytes = 0, leaks = 0, leaked = 0, doubles = 0, foreign = 0, writes = 0;
        for (SiteTotals s : sites()) {
            borrows += s.borrows();
            hits += s.hits();
            bytes += s.borrowedBytes();
            leaks += s.leaks();
            leaked += s.leakedBytes();
            doubles += s.doubleReturns();
            foreign += s.foreignReturns();
            writes += s.writesAfterReturn();
        }
        return new SiteTotals(-1, "all sites", borrows, hits, bytes, leaks, leaked, doubles, foreign, writes);
    }

    /** Marks now: {@link Checkpoint#problems()} lists what goes wrong from here on. */
    public static Checkpoint checkpoint() {
        return new Checkpoint();
    }

    /**
     * A point in time to check against: buffers borrowed after it and still outstanding, and double returns,
     * writes after return and foreign returns after it; the same for the {@link OutsideLoans loans kept outside
     * the ledger} (ONNX tensors left open, or leaked). Deterministic: no GC involved.
     */
    public static final class Checkpoint {
        private final long epoch;
        private final long problemsBefore;

        private Checkpoint() {
            synchronized (Checkpoint.class) {
                problemsBefore = Problems.LOG.sequence();
                epoch = Tracker.nextEpoch();
            }
        }

        /**
         * Buffers borrowed since this checkpoint and not released yet, except loans the agent itself ends (see
         * {@link Tracking#outstanding()}).
         */
        public List<Outstanding> outstanding() {
            List<Outstanding> found = new ArrayList<>();
            Tracker.LEDGER.forEach(entry -> {
                if (entry.isBorrowed() && !entry.leftToGc && entry.loanEpoch >= epoch) {
                    found.add(Tracking.outstanding(entry));
                }
            });
            return found;
        }

        /**
         * Problems since this checkpoint: double returns, writes after return, foreign returns, and leaks of
         * buffers borrowed (or tensors created) since it that the GC already collected (at every level;
         * uncollected ones are still outstanding).
         */
        public List<Problem> problems() {
            LeakWatcher.drainCollected();
            for (OutsideLoans loans : OUTSIDE) {
                loans.drainCollected();
            }
            List<Problem> found = new ArrayList<>();
            for (ProblemLog.Entry entry : Problems.LOG.since(problemsBefore, epoch)) {
                found.add(new Problem(entry.kind(), entry.line()));
            }
            return found;
        }

        /**
         * Everything a test should fail on since this checkpoint, one line each: outstanding buffers, then open
         * tensors, then problems. Empty when the code under test returned every buffer exactly once and closed
         * every pooled tensor.
         */
        public List<String> failures() {
            List<String> lines = new ArrayList<>();
            List<Problem> problems = problems(); // first: it drains collected buffers out of the ledger
            for (Outstanding o : outstanding()) {
                lines.add("autopool OUTSTANDING " + o);
            }
            for (OutsideLoans loans : OUTSIDE) {
                for (String open : loans.outstandingSince(epoch)) {
                    lines.add("autopool OUTSTANDING " + open);
                }
            }
            for (Problem p : problems) {
                lines.add(p.line());
            }
            return lines;
        }

        /** Throws an {@link AssertionError} listing {@link #failures()} when there are any. */
        public void assertClean() {
            List<String> failures = failures();
            if (!failures.isEmpty()) {
                throw new AssertionError(failures.size() + " autopool problem(s):\n  " + String.join("\n  ", failures));
            }
        }
    }

    private static Outstanding outstanding(ArrayEntry entry) {
        int site = entry.borrowSite;
        return new Outstanding(entry.description.toString(), entry.bytes, site, SiteRegistry.get(site).toString());
    }
}
