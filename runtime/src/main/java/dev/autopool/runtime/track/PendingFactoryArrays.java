package dev.autopool.runtime.track;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Arrays a {@code factory} rule's call made the plain way because the factory's body was not checked yet when its
 * caller was defined (the caller is rewritten again once it is). Released through a {@code release} rule, such an
 * array is no loan, yet the app did nothing wrong: it is left to the GC without a {@code FOREIGN-RETURN} report.
 * Held weakly (arrays hash by identity), and only filled during that window, so it stays small.
 */
final class PendingFactoryArrays {
    private static final Map<Object, Boolean> MADE = Collections.synchronizedMap(new WeakHashMap<>());

    private PendingFactoryArrays() {}

    static void add(Object array) {
        if (array != null) {
            MADE.put(array, Boolean.TRUE);
        }
    }

    static boolean contains(Object array) {
        return !MADE.isEmpty() && MADE.containsKey(array);
    }
}
