package dev.autopool.agent;

import dev.autopool.agent.config.AgentArgs;
import dev.autopool.agent.config.Config;
import dev.autopool.agent.config.ConfigLoader;
import dev.autopool.agent.config.Rule;
import dev.autopool.agent.config.Setting;
import dev.autopool.agent.rewrite.ClassRewriter;
import dev.autopool.agent.rewrite.RewritePlan;
import dev.autopool.agent.rewrite.Rewrites;
import dev.autopool.agent.rewrite.RuleUsage;
import dev.autopool.agent.rewrite.RuntimeApi;
import dev.autopool.agent.rewrite.SiteRegistry;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads the configuration, hands the settings to the runtime and installs the class-load rewrites, once per JVM
 * (a second attach would release every buffer twice).
 */
final class Installer {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private Installer() {}

    static void install(String rawArgs, Instrumentation inst) {
        if (!INSTALLED.compareAndSet(false, true)) {
            AgentLog.warning("autopool AGENT is already installed in this JVM; the new arguments are ignored");
            return;
        }
        Config config = ConfigLoader.load(AgentArgs.parse(rawArgs));
        config.settings().get(Setting.LOG).ifPresent(AgentLog::threshold);
        config.problems().forEach(p -> AgentLog.warning(p.message()));
        RuntimeSettings.apply(config.settings());
        RewritePlan plan = RewritePlan.of(config.rules());
        if (plan.isEmpty()) {
            AgentLog.warning("autopool AGENT no usable rules, nothing will be pooled");
            return;
        }
        RuleUsage usage = new RuleUsage(config.rules(), AgentLog::warning);
        ClassRewriter rewriter = new ClassRewriter(plan, Rewrites.all(Rewrites.homecoming()), RuntimeApi.pools(),
                usage, AgentLog::warning);
        inst.addTransformer(new AutopoolTransformer(rewriter, SiteRegistry.runtime(),
                config.settings().dumpDirectory()), true);
        LoadedClasses.retransform(inst);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> reportUnmatched(usage), "autopool-rules"));
        AgentLog.debug("autopool AGENT installed " + plan);
    }

    /** To standard error, like the runtime's summary: the logging backend may already be shut down. */
    private static void reportUnmatched(RuleUsage usage) {
        for (Rule rule : usage.unmatched()) {
            System.err.println(RuleUsage.unmatchedLine(rule));
        }
    }
}
