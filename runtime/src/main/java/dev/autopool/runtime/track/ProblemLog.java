package dev.autopool.runtime.track;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent problems with their sequence numbers, so a test checkpoint can list exactly the problems
 * that happened after it, logged or rate-limited. Bounded: the oldest are forgotten.
 */
final class ProblemLog {
    private static final int CAPACITY = 1024;

    /** The loan epoch of problems that are not about one loan. */
    static final long NO_LOAN = -1;

    /** A problem; {@code loanEpoch} is the epoch of the leaked loan, for leaks. */
    record Entry(long sequence, ProblemKind kind, String line, long loanEpoch) {}

    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    private long sequence;

    synchronized void add(ProblemKind kind, String line, long loanEpoch) {
        recent.addLast(new Entry(++sequence, kind, line, loanEpoch));
        if (recent.size() > CAPACITY) {
            recent.pollFirst();
        }
    }

    synchronized long sequence() {
        return sequence;
    }

    /**
     * Problems after {@code afterSequence}; leaks only of loans made in epoch {@code epoch} or later (a leak of an
     * older loan may be found by the GC at any time and belongs to whoever made that loan).
     */
    synchronized List<Entry> since(long afterSequence, long epoch) {
        List<Entry> found = new ArrayList<>();
        for (Entry entry : recent) {
            boolean leak = entry.kind() == ProblemKind.LEAK;
            if (leak ? entry.loanEpoch() >= epoch : entry.sequence() > afterSequence) found.add(entry);
        }
        return found;
    }
}
