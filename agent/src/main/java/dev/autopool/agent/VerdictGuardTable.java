package dev.autopool.agent;

import dev.autopool.agent.analysis.ClassKey;
import dev.autopool.runtime.Pools;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which runtime guards rest on which class: each method that gets automatic releases has one guard (a slot in the
 * runtime's table, see {@link Pools#releaseIfValid}), registered here under every class its verdicts read. When a
 * class changes (redefined or retransformed by someone else, or offered again with other bytes) every guard
 * under it is cleared, before the transformer callback returns and so before the JVM installs the new code.
 *
 * <p>Registration and clearing meet in the right order whatever the interleaving: a guard is registered first
 * and the classes are checked for distrust after; a class is distrusted first and its guards are cleared after.
 */
final class VerdictGuardTable {
    /** The class whose method a guard protects (its loader held weakly): what is rewritten again once it is cleared. */
    record Owner(WeakReference<ClassLoader> loader, String name) {}

    private final ClassDefinitions definitions;
    private final Map<ClassKey, List<Integer>> guardsByClass = new ConcurrentHashMap<>();
    private final Map<Integer, Owner> owners = new ConcurrentHashMap<>();
    /** Guards whose verdicts read some other class's code: what an agent after autopool makes unsound. */
    private final Set<Integer> calleeGuards = ConcurrentHashMap.newKeySet();
    /** Why no verdict may rest on other classes' code any more, or null while it may. */
    private volatile String calleesDistrusted;

    VerdictGuardTable(ClassDefinitions definitions) {
        this.definitions = definitions;
    }

    /** A fresh guard over {@code classes}; already cleared if one of them is distrusted by now. */
    int guardOver(Set<ClassKey> classes) {
        return guardOver(classes, null, null);
    }

    /** As {@link #guardOver(Set)}, for a method of class {@code name} of {@code loader}. */
    int guardOver(Set<ClassKey> classes, ClassLoader loader, String name) {
        return guardOver(classes, loader, name, false);
    }

    /**
     * As {@link #guardOver(Set, ClassLoader, String)}; {@code readsCallees} says the verdicts read other classes'
     * code, so the guard is cleared by {@link #distrustCallees} (at once if that happened already).
     */
    int guardOver(Set<ClassKey> classes, ClassLoader loader, String name, boolean readsCallees) {
        int guard = Pools.newGuard();
        if (guard < 0) return guard; // the runtime's table is full: nothing is released
        if (name != null) owners.put(guard, new Owner(new WeakReference<>(loader), name));
        extend(guard, classes, readsCallees);
        return guard;
    }

    /**
     * From now on no verdict may read another class's code (an agent after autopool may change any class at its
     * definition unseen): clears every such guard and returns how many, or -1 if this had happened already.
     */
    int distrustCallees(String why) {
        synchronized (calleeGuards) {
            if (calleesDistrusted != null) return -1;
            calleesDistrusted = why;
        }
        int cleared = 0;
        for (int guard : calleeGuards) {
            Pools.invalidateGuard(guard);
            cleared++;
        }
        return cleared;
    }

    /** Why no verdict may rest on other classes' code, or null while it may. */
    String calleesDistrusted() {
        return calleesDistrusted;
    }

    /**
     * Registers an issued {@code guard} under more classes; cleared at once if one of them is distrusted by now.
     * {@code readsCallees} as for {@link #guardOver(Set, ClassLoader, String, boolean)}.
     */
    void extend(int guard, Set<ClassKey> classes, boolean readsCallees) {
        if (guard <= 0) return;
        if (readsCallees) {
            calleeGuards.add(guard);
            if (calleesDistrusted != null) { // registered first, checked after: see the class comment
                Pools.invalidateGuard(guard);
            }
        }
        for (ClassKey c : classes) {
            guardsByClass.computeIfAbsent(c, k -> new CopyOnWriteArrayList<>()).add(guard);
        }
        for (ClassKey c : classes) {
            if (definitions.isDistrusted(c)) {
                Pools.invalidateGuard(guard);
                break;
            }
        }
    }

    /** Clears every guard registered so far (each class keeps its entry, so later registrations still meet it). */
    int clearAll() {
        java.util.Set<Integer> all = new java.util.HashSet<>();
        guardsByClass.values().forEach(all::addAll);
        all.forEach(Pools::invalidateGuard);
        return all.size();
    }

    /** Distrusts the class and clears every guard resting on it; returns the classes those guards protected. */
    List<Owner> changed(ClassKey c) {
        definitions.distrust(c);
        List<Integer> guards = guardsByClass.remove(c);
        if (guards == null) return List.of();
        List<Owner> cleared = new ArrayList<>();
        for (int guard : guards) {
            Pools.invalidateGuard(guard);
            Owner owner = owners.remove(guard);
            if (owner != null) cleared.add(owner);
        }
        return cleared;
    }
}
