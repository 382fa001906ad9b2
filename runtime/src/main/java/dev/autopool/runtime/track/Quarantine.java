package dev.autopool.runtime.track;

import java.util.ArrayDeque;

/**
 * Released buffers held back from the pool at {@code paranoid}, poisoned, so that a late write has a while to
 * show before the buffer is lent again. First in, first out; the oldest leaves when the quarantine is full.
 */
final class Quarantine {
    private final ArrayDeque<Object> held = new ArrayDeque<>();

    /** Holds {@code array}; returns the array that leaves to make room, or null. */
    synchronized Object admit(Object array, int capacity) {
        held.addLast(array);
        return held.size() > capacity ? held.pollFirst() : null;
    }

    /** Lets every held array leave (when the level drops below paranoid, or for tests). */
    synchronized Object[] releaseAll() {
        Object[] all = held.toArray();
        held.clear();
        return all;
    }
}
