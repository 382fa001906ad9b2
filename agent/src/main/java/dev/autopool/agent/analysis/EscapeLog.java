package dev.autopool.agent.analysis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the interpreter saw happen to tracked values while the analyser ran to its fixed point. Events only
 * accumulate, so the log is the union over every path.
 */
final class EscapeLog {
    private final Map<Source, String> escapes = new LinkedHashMap<>();
    private final Map<Source, String> returned = new LinkedHashMap<>();
    private final Map<Source, String> released = new LinkedHashMap<>();
    /**
     * Per source, the instructions that release a value that is surely its buffer (one origin, the array itself,
     * nothing else) on every visit: a visit with a less precise value there removes the instruction for good.
     */
    private final Map<Source, Map<Integer, Boolean>> releasedAt = new java.util.HashMap<>();
    private final Map<Integer, Source> borrows = new TreeMap<>();
    private boolean returnsOther;
    private final Set<ClassKey> dependsOn = new java.util.HashSet<>();
    private final Set<String> waitingFor = new java.util.TreeSet<>();
    /** Per source, the classes of the summaries its values went through: what its own verdict rests on. */
    private final Map<Source, Set<ClassKey>> restsOnBySource = new java.util.HashMap<>();

    /** Records what a callee summary the interpreter used rests on. */
    void restsOn(CalleeSummary summary) {
        dependsOn.addAll(summary.dependsOn());
        waitingFor.addAll(summary.waitingFor());
    }

    /** The values of {@code origins} went through a callee whose summary rests on {@code classes}. */
    void restsOn(Set<Origin> origins, Set<ClassKey> classes) {
        if (classes.isEmpty()) {
            return;
        }
        for (Origin o : origins) {
            restsOnBySource.computeIfAbsent(o.source(), s -> new java.util.HashSet<>()).addAll(classes);
        }
    }

    /** The classes the verdict on {@code s} rests on (a subset of {@link #dependsOn()}). */
    Set<ClassKey> restsOn(Source s) {
        return restsOnBySource.getOrDefault(s, Set.of());
    }

    /** Every class whose code the verdicts of this run rely on. */
    Set<ClassKey> dependsOn() {
        return dependsOn;
    }

    /** Names that could not be read only because they were not linked yet. */
    Set<String> waitingFor() {
        return waitingFor;
    }

    void escape(Set<Origin> origins, String reason) {
        for (Origin o : origins) {
            escapes.putIfAbsent(o.source(), o.depth() == 0 ? reason : "a sub-array of it " + reason);
        }
    }

    /**
     * Handed to a release method at instruction {@code insn}: the buffer itself is released by the app; a row of it
     * is not (and stays out). {@code value} says whether that instruction surely releases its one source's buffer.
     */
    void released(PoolValue value, String where, int insn) {
        Set<Origin> origins = value.origins();
        boolean sure = origins.size() == 1 && !value.mayBeUntracked() && origins.iterator().next().depth() == 0;
        for (Origin o : origins) {
            releasedAt.computeIfAbsent(o.source(), k -> new java.util.HashMap<>()).merge(insn, sure, Boolean::logicalAnd);
        }
        released(origins, where);
    }

    /** The instructions that surely release a buffer of {@code s} whenever they run (see {@link #released}). */
    Set<Integer> surelyReleasedAt(Source s) {
        Set<Integer> sure = new java.util.HashSet<>();
        releasedAt.getOrDefault(s, Map.of()).forEach((insn, isSure) -> {
            if (isSure) sure.add(insn);
        });
        return sure;
    }

    private void released(Set<Origin> origins, String where) {
        for (Origin o : origins) {
            if (o.depth() == 0) {
                released.putIfAbsent(o.source(), where);
            } else {
                escapes.putIfAbsent(o.source(), "a sub-array of it is handed to a release method at " + where
                        + " (a row is no loan: release the matrix itself)");
            }
        }
    }

    void returned(PoolValue value, String where) {
        for (Origin o : value.origins()) {
            if (o.depth() == 0) {
                returned.putIfAbsent(o.source(), where);
            } else {
                escapes.putIfAbsent(o.source(), "a sub-array of it is returned at " + where);
            }
            if (o.depth() != 0 || o.source().kind() != Source.Kind.BORROW) {
                returnsOther = true;
            }
        }
        if (value.mayBeUntracked()) {
            returnsOther = true;
        }
    }

    Source borrowAt(int insnIndex, int dims) {
        return borrows.computeIfAbsent(insnIndex, i -> Source.borrow(i, dims));
    }

    Map<Integer, Source> borrows() {
        return borrows;
    }

    /** The logged sources of this kind and index (a parameter may be logged under more than one dims). */
    java.util.List<Source> sourcesOf(Source.Kind kind, int index) {
        java.util.List<Source> found = new java.util.ArrayList<>();
        for (Map<Source, String> m : java.util.List.of(escapes, returned, released)) {
            m.keySet().stream().filter(s -> s.kind() == kind && s.index() == index && !found.contains(s))
                    .forEach(found::add);
        }
        return found;
    }

    String escapeOf(Source s) {
        return escapes.get(s);
    }

    String returnOf(Source s) {
        return returned.get(s);
    }

    String releaseOf(Source s) {
        return released.get(s);
    }

    /** Whether every returned value is a whole borrow of this method (and something is returned at all). */
    boolean returnsOnlyBorrows() {
        return !returnsOther && !returned.isEmpty();
    }
}
