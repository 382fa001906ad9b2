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

    record Entry(long sequence, ProblemKind kind, String line) {}

    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    private long sequence;

    synchronized void add(ProblemKind kind, String line) {
        recent.addLast(new Entry(++sequence, kind, line));
        if (recent.size() > CAPACITY) {
            recent.pollFirst();
        }
    }

    synchronized long sequence() {
        return sequence;
    }

    synchronized List<Entry> since(long after) {
        List<Entry> found = new ArrayList<>();
        for (Entry entry : recent) {
            if (entry.sequence() > after) found.add(entry);
        }
        return found;
    }
}
