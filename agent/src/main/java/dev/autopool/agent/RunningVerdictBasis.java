package dev.autopool.agent;

import dev.autopool.agent.analysis.ClassKey;
import dev.autopool.agent.analysis.CodeBase;
import dev.autopool.agent.analysis.VerdictGuard;
import dev.autopool.agent.rewrite.VerdictBasis;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the automatic release rests on in a running JVM: code the loader has linked with bytes the transformer saw
 * ({@link LinkedCode}), a runtime guard per method over every class its verdicts read plus the class itself
 * ({@link VerdictGuardTable}), and a later retransformation of callers whose callees were not linked yet
 * ({@link Relinker}). While an agent runs after autopool in the transformer chain, verdicts that read any class's
 * code are refused (only ones resting on the method alone, or on the JDK allowlist, remain).
 */
final class RunningVerdictBasis implements VerdictBasis {
    private final LinkedNames linkedNames;
    private final ClassDefinitions definitions;
    private final VerdictGuardTable guards;
    private final Relinker relinker;
    private final CodeChanges changes;
    private final String laterAgents;

    RunningVerdictBasis(LinkedNames linkedNames, ClassDefinitions definitions, VerdictGuardTable guards,
                        Relinker relinker, CodeChanges changes, List<String> laterAgents) {
        this.changes = changes;
        this.linkedNames = linkedNames;
        this.definitions = definitions;
        this.guards = guards;
        this.relinker = relinker;
        this.laterAgents = laterAgents.isEmpty() ? null : String.join(" ", laterAgents);
        if (this.laterAgents != null) {
            AgentLog.warning("autopool AGENT another agent comes after autopool (" + this.laterAgents + ") and may"
                    + " change classes unseen: no automatic release will rest on a callee's code");
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
        if (laterAgents != null && dependsOn.stream().anyMatch(c -> c.loader() != ClassKey.BOOT)) {
            return "another agent comes after autopool (" + laterAgents + ") and may change the callees' code unseen";
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
        int guard = guards.guardOver(all, loader, internalName);
        return guard < 0 ? VerdictGuard.refused("the runtime's table of verdict guards is full")
                : new VerdictGuard(guard, null);
    }

    @Override
    public void extendGuard(int guard, ClassLoader loader, String internalName, Set<ClassKey> dependsOn) {
        Set<ClassKey> all = new HashSet<>(dependsOn);
        all.add(definitions.key(loader, internalName));
        guards.extend(guard, all);
        if (laterAgents != null && all.stream().anyMatch(c -> c.loader() != ClassKey.BOOT)) {
            dev.autopool.runtime.Pools.invalidateGuard(guard); // another agent may change that code unseen
        }
    }

    @Override
    public long epoch() {
        return changes.epoch();
    }

    @Override
    public void waitingFor(ClassLoader loader, String internalName, Set<String> names) {
        relinker.waitFor(loader, internalName, names);
    }
}
