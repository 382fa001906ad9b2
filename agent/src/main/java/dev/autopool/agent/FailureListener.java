package dev.autopool.agent;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/** A class that fails to rewrite stays as it was: one log line says which and why. */
final class FailureListener extends AgentBuilder.Listener.Adapter {
    private static final Logger LOG = System.getLogger("autopool");

    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable t) {
        LOG.log(Level.WARNING, "autopool REWRITE-FAILED " + typeName + " is left unchanged: " + t);
    }
}
