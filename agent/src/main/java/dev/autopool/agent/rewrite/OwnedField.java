package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.ClassKey;
import dev.autopool.agent.config.Rule;
import dev.autopool.runtime.Pools;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the agent knows of one {@code owned} rule's field across every class it has seen: the owner's getters
 * (once the owner is defined), the guard of each definition the rule was accepted for, every class that reads the
 * field through a getter (its guard rests on their code too), and every keeper: a read whose value may outlive
 * the owner. All of it under one lock, so a reader and the owner's definition meet in one order whatever the
 * threads: a keeper seen before the owner refuses the rule, one seen after clears the guards.
 */
final class OwnedField {
    /** A method key that stands for every method of the owner: a class whose rewrite was thrown away. */
    static final String ANY = "*";

    private record Keeper(String method, String where) {}

    private record Reader(WeakReference<ClassLoader> loader, String name, Set<ClassKey> dependsOn) {}

    final Rule rule;
    private final Set<String> getters = new HashSet<>(); // name + descriptor
    private final List<Integer> guards = new ArrayList<>();
    private final List<Keeper> keepers = new ArrayList<>();
    private final List<Reader> readers = new ArrayList<>();
    private boolean withdrawn;
    /** The guard each defining loader's owner class was accepted with (loaders held weakly). */
    private final java.util.Map<ClassLoader, Integer> guardByLoader = new java.util.WeakHashMap<>();

    OwnedField(Rule rule) {
        this.rule = rule;
    }

    String owner() {
        return rule.scope().internalPrefix();
    }

    String name() {
        return rule.ownedField();
    }

    /**
     * The owner is accepted with these getters and this guard, unless a keeper of a getter is known already: then
     * the guard is cleared and the keeper returned, to be named in the rule's refusal.
     */
    synchronized String accept(ClassLoader loader, Set<String> ownerGetters, int guard, VerdictBasis basis) {
        getters.addAll(ownerGetters);
        if (loader != null) guardByLoader.put(loader, guard);
        for (Keeper k : keepers) {
            if (k.method.equals(ANY) || getters.contains(k.method)) {
                invalidate(guard);
                return k.where;
            }
        }
        guards.add(guard);
        for (Reader r : readers) {
            ClassLoader readerLoader = r.loader.get();
            if (readerLoader != null || r.loader == NO_LOADER) {
                basis.extendGuard(guard, readerLoader, r.name, r.dependsOn);
            }
        }
        return null;
    }

    private static final WeakReference<ClassLoader> NO_LOADER = new WeakReference<>(null);

    /**
     * The guard the owner class of {@code loader} was accepted with, or null: a retransformation of the owner (by
     * autopool, relinking it) keeps binding loans under that guard, since loans bound by its first version are out.
     */
    synchronized Integer acceptedGuard(ClassLoader loader) {
        return loader == null ? null : guardByLoader.get(loader);
    }

    /** Whether {@code method} (name + descriptor) of the owner is a getter of the field, as far as known. */
    synchronized boolean isGetter(String method) {
        return getters.contains(method);
    }

    /** A class reads the field (or calls owner methods) locally, fenced: every guard now rests on its code too. */
    synchronized void fencedReader(ClassLoader loader, String className, Set<ClassKey> dependsOn, VerdictBasis basis) {
        readers.add(new Reader(loader == null ? NO_LOADER : new WeakReference<>(loader), className, dependsOn));
        for (int guard : guards) basis.extendGuard(guard, loader, className, dependsOn);
    }

    /**
     * A read of {@code method} (name + descriptor, or {@link #ANY}) may keep the value past the owner's life.
     * Returns true when that withdraws the rule now (a getter of an owner already accepted): the caller says so.
     */
    synchronized boolean keeper(String method, String where) {
        keepers.add(new Keeper(method, where));
        if (guards.isEmpty() || !(method.equals(ANY) || getters.contains(method))) return false;
        guards.forEach(OwnedField::invalidate);
        boolean first = !withdrawn;
        withdrawn = true;
        return first;
    }

    private static void invalidate(int guard) {
        if (guard > 0) Pools.invalidateGuard(guard);
    }
}
