package dev.autopool.agent;

import dev.autopool.agent.analysis.ClassKey;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the transformer tells the automatic release about every class it is offered, before any filter: a
 * definition is recorded ({@link ClassDefinitions}) and may wake a waiting caller ({@link Relinker}); a class
 * offered again with other bytes, or redefined or retransformed by anyone but autopool, is distrusted for good and
 * every guard resting on it is cleared. This runs inside the JVM's transformer callback, so the guards are clear
 * before the new code is installed; frames already running read them at their next release.
 */
final class CodeChanges {
    private final ClassDefinitions definitions;
    private final VerdictGuardTable guards;
    private final Relinker relinker;
    private final AtomicLong epoch = new AtomicLong();

    CodeChanges(ClassDefinitions definitions, VerdictGuardTable guards, Relinker relinker) {
        this.definitions = definitions;
        this.guards = guards;
        this.relinker = relinker;
    }

    void offered(ClassLoader loader, String internalName, Class<?> classBeingRedefined, byte[] bytes) {
        if (internalName == null) return;
        if (classBeingRedefined == null) {
            String entry = AgentEntries.entryOf(bytes);
            if (entry != null) laterAgent(internalName, entry);
            ClassKey changed = definitions.defined(loader, internalName, bytes);
            if (changed != null) withdraw(changed, "was offered for definition again with other bytes");
            relinker.defined(internalName);
        } else if (LoadedClasses.isAutopoolRetransform()) {
            // Autopool's own request: the bytes are the class's as defined (recorded now if it predates the agent).
            ClassKey changed = definitions.defined(loader, internalName, bytes);
            if (changed != null) withdraw(changed, "came back from retransformation with other bytes");
        } else {
            withdraw(definitions.key(loader, internalName), "was redefined or retransformed by another agent");
        }
    }

    /**
     * Distrusts the class and clears the guards resting on it; the classes whose releases were withdrawn are
     * rewritten again later (clean-up: their other borrows get releases on a fresh guard).
     */
    private void withdraw(ClassKey c, String why) {
        java.util.List<VerdictGuardTable.Owner> cleared = guards.changed(c);
        epoch.incrementAndGet();
        if (!cleared.isEmpty()) {
            AgentLog.info("autopool VERDICTS-WITHDRAWN " + c + " " + why + ": the automatic releases of "
                    + cleared.size() + " method(s) that relied on its code release nothing from now on");
            relinker.rewriteAgain(cleared, c.name());
        }
    }

    /**
     * An agent's entry class is being defined after autopool started: that agent's transformers will run after
     * autopool's, so from now on no verdict rests on another class's code, and those made so far are withdrawn
     * (before the entry runs: the JVM defines the class first). Said once.
     */
    private void laterAgent(String internalName, String entry) {
        String who = internalName.replace('/', '.') + "." + entry;
        int cleared = guards.distrustCallees("an agent started after autopool (" + who + ") may change the callees'"
                + " code unseen");
        if (cleared < 0) return; // said already
        epoch.incrementAndGet();
        AgentLog.warning("autopool AGENT an agent starts after autopool (" + who + ") and may change classes"
                + " unseen: the automatic releases of " + cleared + " method(s) that relied on other classes' code"
                + " release nothing from now on, and no new one will rest on a callee's code");
    }

    /** Clears every guard ever issued: used when a change may have gone unrecorded. */
    void withdrawAll(String why) {
        int cleared = guards.clearAll(); // not rewritten again: something went wrong, keep still
        epoch.incrementAndGet();
        AgentLog.warning("autopool VERDICTS-WITHDRAWN all " + cleared + " guarded method(s): " + why);
    }

    /** Whether autopool will retransform class {@code internalName} of {@code loader} once its callees are linked. */
    boolean awaitsRelink(ClassLoader loader, String internalName) {
        return relinker.awaits(loader, internalName);
    }

    /** Changes with every withdrawal: cached callee summaries made before it may rest on distrusted code. */
    long epoch() {
        return epoch.get();
    }
}
