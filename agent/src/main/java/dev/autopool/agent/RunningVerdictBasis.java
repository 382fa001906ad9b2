package dev.autopool.agent;

import dev.autopool.agent.analysis.ClassKey;
import dev.autopool.agent.analysis.CodeBase;
import dev.autopool.agent.analysis.VerdictGuard;
import dev.autopool.agent.rewrite.VerdictBasis;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the automatic release rests on in a running JVM: code the loader has linked with bytes the transformer saw
 * ({@link LinkedCode}), a runtime guard per method over every class its verdicts read plus the class itself
 * ({@link VerdictGuardTable}), callees loaded at the caller's definition where they can be
 * ({@link CalleePreloads}), and a later retransformation of callers whose callees were not linked yet
 * ({@link Relinker}). While an agent runs after autopool in the transformer chain (listed after it on the command
 * line, or started later: {@link AgentEntries}), verdicts that read any class's code are refused and their guards
 * cleared (only ones resting on the method alone, or on the JDK allowlist, remain).
 */
final class RunningVerdictBasis implements VerdictBasis {
    private final LinkedNames linkedNames;
    private final ClassDefinitions definitions;
    private final VerdictGuardTable guards;
    private final Relinker relinker;
    private final CodeChanges changes;
    private final CalleePreloads preloads;

    RunningVerdictBasis(LinkedNames linkedNames, ClassDefinitions definitions, VerdictGuardTable guards,
                        Relinker relinker, CodeChanges changes, List<String> laterAgents) {
        this.changes = changes;
        this.linkedNames = linkedNames;
        this.definitions = definitions;
        this.guards = guards;
        this.relinker = relinker;
        this.preloads = new CalleePreloads(definitions, linkedNames);
        if (!laterAgents.isEmpty()) {
            String later = String.join(" ", laterAgents);
            guards.distrustCallees("another agent comes after autopool, or may start again unseen (" + later
                    + "), and may change the callees' code unseen");
            AgentLog.warning("autopool AGENT another agent comes after autopool, or may start again unseen (" + later
                    + "), and may change classes unseen: no automatic release will rest on a callee's code");
        }
    }

    @Override
    public CodeBase codeBase(ClassLoader loader, String internalName, byte[] classFile) {
        return LinkedCode.forClass(linkedNames, definitions, loader, internalName, classFile);
    }

    @Override
    public String refusal(ClassLoader loader, String internalName, Set<ClassKey> dependsOn) {
        if (definitions.isDistrusted(definitions.key(loader, internalName))) {
            return "the class was redefined or retransformed by another agent";
        }
        String distrusted = guards.calleesDistrusted();
        if (distrusted != null && readsCallees(dependsOn)) {
            return distrusted;
        }
        for (ClassKey c : dependsOn) {
            if (definitions.isDistrusted(c)) {
                return c + " was changed by another agent";
            }
        }
        return null;
    }

    @Override
    public VerdictGuard guardFor(ClassLoader loader, String internalName, Set<ClassKey> dependsOn) {
        String refusal = refusal(loader, internalName, dependsOn);
        if (refusal != null) {
            return VerdictGuard.refused(refusal);
        }
        Set<ClassKey> all = new HashSet<>(dependsOn);
        all.add(definitions.key(loader, internalName));
        // Cleared at once if one of them was distrusted meanwhile.
        int guard = guards.guardOver(all, loader, internalName, readsCallees(dependsOn));
        return guard < 0 ? VerdictGuard.refused("the runtime's table of verdict guards is full")
                : new VerdictGuard(guard, null);
    }

    /** Whether verdicts resting on {@code dependsOn} read code an agent after autopool could change unseen. */
    private static boolean readsCallees(Set<ClassKey> dependsOn) {
        return dependsOn.stream().anyMatch(c -> c.loader() != ClassKey.BOOT);
    }

    @Override
    public void extendGuard(int guard, ClassLoader loader, String internalName, Set<ClassKey> dependsOn) {
        Set<ClassKey> all = new HashSet<>(dependsOn);
        all.add(definitions.key(loader, internalName));
        // An owned field's readers are other classes' code: an agent after autopool may change them unseen.
        guards.extend(guard, all, readsCallees(all));
    }

    @Override
    public long epoch() {
        return changes.epoch();
    }

    @Override
    public Predicate<Set<String>> linkNow(ClassLoader loader, String internalName, byte[] classFile) {
        return preloads.forClass(loader, internalName, classFile);
    }

    @Override
    public void waitingFor(ClassLoader loader, String internalName, Set<String> names) {
        relinker.waitFor(loader, internalName, names);
    }
}
