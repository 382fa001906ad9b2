package dev.autopool.agent;

import dev.autopool.agent.config.AgentArgs;
import dev.autopool.agent.config.Config;
import dev.autopool.agent.config.ConfigLoader;
import dev.autopool.agent.config.Problem;
import dev.autopool.agent.config.Rule;
import dev.autopool.agent.config.Setting;
import dev.autopool.agent.rewrite.ClassRewriter;
import dev.autopool.agent.rewrite.MethodRewrite;
import dev.autopool.agent.rewrite.OnnxCreateTensorRewrite;
import dev.autopool.agent.rewrite.RewritePlan;
import dev.autopool.agent.rewrite.Rewrites;
import dev.autopool.agent.rewrite.RuleUsage;
import dev.autopool.agent.rewrite.RuntimeApi;
import dev.autopool.agent.rewrite.SiteRegistry;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads the configuration, hands the settings to the runtime and installs the class-load rewrites, once per JVM
 * (a second attach would release every buffer twice).
 */
final class Installer {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private Installer() {}

    static void install(String rawArgs, Instrumentation inst) {
        long start = System.nanoTime();
        if (!INSTALLED.compareAndSet(false, true)) {
            AgentLog.warning("autopool AGENT is already installed in this JVM; the new arguments are ignored");
            return;
        }
        Config config = ConfigLoader.load(AgentArgs.parse(rawArgs));
        String logLevel = config.settings().values().get(Setting.LOG.key());
        if (logLevel != null) AgentLog.threshold(logLevel);
        for (Problem p : config.problems()) AgentLog.warning(p.message());
        RuntimeSettings.apply(config.settings());
        RewritePlan plan = RewritePlan.of(config.rules());
        OnnxCreateTensorRewrite onnx = OnnxCreateTensorRewrite.fromSettings(config.settings()); // null: "onnx off"
        if (plan.isEmpty() && onnx == null) {
            AgentLog.warning("autopool AGENT no usable rules, nothing will be pooled");
            return;
        }
        RuleUsage usage = new RuleUsage(config.rules(), AgentLog.WARNINGS);
        List<MethodRewrite> rewrites = new ArrayList<>();
        if (onnx != null) rewrites.add(onnx);
        // The automatic release comes last in forSettings: it analyses what the other rewrites produced.
        boolean autoRelease = !config.settings().get(Setting.AUTO_RELEASE).orElse("on").equals("off");
        CodeChanges changes = null;
        if (autoRelease) {
            ClassDefinitions definitions = new ClassDefinitions();
            VerdictGuardTable guards = new VerdictGuardTable(definitions);
            LinkedNames linkedNames = new LinkedNames(inst);
            Relinker relinker = new Relinker(inst, definitions, linkedNames);
            changes = new CodeChanges(definitions, guards, relinker);
            rewrites.addAll(Rewrites.forSettings(config.settings(), new RunningVerdictBasis(linkedNames, definitions,
                    guards, relinker, changes, LaterAgents.find())));
        } else {
            rewrites.addAll(Rewrites.forSettings(config.settings()));
        }
        ClassRewriter rewriter = new ClassRewriter(plan, rewrites, RuntimeApi.pools(), usage, AgentLog.WARNINGS);
        TransformStats stats = new TransformStats();
        inst.addTransformer(new AutopoolTransformer(rewriter, SiteRegistry.runtime(),
                config.settings().dumpDirectory(), stats, changes), true);
        if (onnx != null) OnnxTensorTransformer.install(inst);
        LoadedClasses.retransform(inst, rewriter);
        long premainNanos = System.nanoTime() - start;
        boolean debug = "debug".equals(logLevel) || "trace".equals(logLevel);
        Runtime.getRuntime().addShutdownHook(new AtExit(usage, debug ? stats : null, premainNanos));
        AgentLog.debug("autopool AGENT installed " + plan);
    }

    /**
     * At exit: the rules that never matched (and, at debug level, the transformation statistics), to standard
     * error like the runtime's summary, since the logging backend may already be shut down.
     */
    private static final class AtExit extends Thread {
        private final RuleUsage usage;
        private final TransformStats stats;
        private final long premainNanos;

        AtExit(RuleUsage usage, TransformStats stats, long premainNanos) {
            super("autopool-rules");
            this.usage = usage;
            this.stats = stats;
            this.premainNanos = premainNanos;
        }

        @Override
        public void run() {
            for (Rule rule : usage.unmatched()) {
                System.err.println(RuleUsage.unmatchedLine(rule));
            }
            if (stats != null) System.err.println(stats.line(premainNanos));
        }
    }
}
