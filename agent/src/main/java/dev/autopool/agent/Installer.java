package dev.autopool.agent;

import dev.autopool.agent.analysis.VerdictCache;
import dev.autopool.agent.config.AgentArgs;
import dev.autopool.agent.config.Config;
import dev.autopool.agent.config.ConfigLoader;
import dev.autopool.agent.config.ConfigProblem;
import dev.autopool.agent.config.Rule;
import dev.autopool.agent.rewrite.ClassRewriter;
import dev.autopool.agent.rewrite.MethodRewrite;
import dev.autopool.agent.rewrite.OnnxCreateTensorRewrite;
import dev.autopool.agent.rewrite.RewritePlan;
import dev.autopool.agent.rewrite.Rewrites;
import dev.autopool.agent.rewrite.RuleUsage;
import dev.autopool.agent.rewrite.RuntimeApi;
import dev.autopool.agent.rewrite.SiteRegistry;
import dev.autopool.runtime.settings.LogSettings;
import dev.autopool.runtime.report.ReportLog;
import dev.autopool.runtime.settings.Setting;
import dev.autopool.runtime.settings.SettingValues;
import dev.autopool.runtime.report.SettingsSeal;
import dev.autopool.runtime.report.ShutdownSummary;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads the configuration, hands the settings to the runtime and seals them, and installs the class-load
 * rewrites, once per JVM (a second attach would release every buffer twice).
 */
final class Installer {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private Installer() {}

    static void install(String rawArgs, Instrumentation inst) {
        try {
            installOnce(rawArgs, inst);
        } finally {
            // Whatever happened above, app code that runs from now on cannot change the runtime's settings.
            RuntimeSettings.seal();
        }
    }

    private static void installOnce(String rawArgs, Instrumentation inst) {
        long start = System.nanoTime();
        if (!INSTALLED.compareAndSet(false, true)) {
            AgentLog.warning("autopool AGENT is already installed in this JVM; the new arguments are ignored");
            return;
        }
        AgentArgs args = AgentArgs.parse(rawArgs);
        Config config = ConfigLoader.load(args);
        String logLevel = config.settings().values().get(Setting.LOG.key());
        applyLogSettings(config.settings().values());
        for (ConfigProblem p : config.problems()) AgentLog.warning(p.message());
        // Claims the runtime's registrar for zero=false sites, which is handed out only before the seal.
        SiteRegistry sites = SiteRegistry.runtime();
        RuntimeSettings.apply(config.settings());
        RewritePlan plan = RewritePlan.of(config.rules());
        OnnxCreateTensorRewrite onnx = OnnxCreateTensorRewrite.fromSettings(config.settings()); // null: "onnx off"
        if (plan.isEmpty() && onnx == null) {
            AgentLog.warning("autopool AGENT no usable rules, nothing will be pooled");
            return;
        }
        if (plan.isEmpty()) {
            // One INFO line, the same whether no file was given or its rules were unusable: what does apply.
            AgentLog.info("autopool AGENT " + (args.hasRulesFile() ? "no pooling rules from " + args.configPath()
                    : "no rules file given") + ": only the built-in ONNX Runtime tensor rule applies"
                    + (args.hasRulesFile() ? "" : "; add config=PATH to -javaagent:autopool-agent.jar for rules of"
                    + " your own"));
        }
        RuleUsage usage = new RuleUsage(config.rules(), AgentLog.WARNINGS);
        List<MethodRewrite> rewrites = new ArrayList<>();
        if (onnx != null) rewrites.add(onnx);
        // The automatic release comes last in forSettings: it analyses what the other rewrites produced.
        boolean autoRelease = !config.settings().get(Setting.AUTO_RELEASE).orElse("on").equals("off");
        FactoryClasses factories = new FactoryClasses(config.rules(), new LateCallers(inst));
        CodeChanges changes = null;
        VerdictCache cache = null;
        if (autoRelease) {
            ClassDefinitions definitions = new ClassDefinitions();
            VerdictGuardTable guards = new VerdictGuardTable(definitions);
            LinkedNames linkedNames = new LinkedNames(inst);
            Relinker relinker = new Relinker(inst, definitions, linkedNames);
            changes = new CodeChanges(definitions, guards, relinker);
            cache = openCache(config);
            rewrites.addAll(Rewrites.forSettings(config.settings(), factories, new RunningVerdictBasis(linkedNames,
                    definitions, guards, relinker, changes, LaterAgents.find(inst::getAllLoadedClasses)), cache));
        } else {
            rewrites.addAll(Rewrites.forSettings(config.settings(), factories));
        }
        ClassRewriter rewriter = new ClassRewriter(plan, rewrites, RuntimeApi.pools(), usage, AgentLog.WARNINGS);
        boolean debug = "debug".equals(logLevel) || "trace".equals(logLevel);
        TransformStats stats = new TransformStats(debug);
        inst.addTransformer(new AutopoolTransformer(rewriter, sites,
                config.settings().dumpDirectory(), stats, changes), true);
        if (onnx != null) OnnxTensorTransformer.install(inst);
        LoadedClasses.retransform(inst, rewriter);
        long premainNanos = System.nanoTime() - start;
        TransformStats exitStats = debug ? stats : null;
        ShutdownSummary.addSection(new ExitLines(usage, exitStats, debug ? cache : null, premainNanos));
        AgentLog.debug("autopool AGENT installed " + plan);
    }

    /**
     * The verdict cache of {@code set cache=DIR}, or null (not set, or the directory is not owner-only: one line
     * says so). Keyed by the rules and every setting, so changing either starts a fresh set of entries.
     */
    private static VerdictCache openCache(Config config) {
        return config.settings().get(Setting.CACHE).map(dir -> {
            StringBuilder rules = new StringBuilder();
            for (Rule r : config.rules()) {
                rules.append(r.kind()).append(' ').append(r.target()).append(' ')
                        .append(new java.util.TreeMap<>(r.options())).append('\n');
            }
            return VerdictCache.open(java.nio.file.Path.of(dir), rules.toString(),
                    VerdictCache.settingsText(config.settings().values()), AgentLog.WARNINGS);
        }).orElse(null);
    }

    /**
     * Where lines go, before anything is logged: standard error until the app's logging is up (see ReportLog),
     * then the runtime's own reading of {@code log}, {@code log.to}, {@code summary} and {@code summary.interval}
     * (the values are checked already, so it has nothing to report).
     */
    private static void applyLogSettings(Map<String, String> values) {
        if (SettingsSeal.isSealed()) {
            // Attached to an app that configured the runtime itself: RuntimeSettings says the agent's settings
            // are ignored, and these would only be refused line by line.
            return;
        }
        ReportLog.waitForAppLogging();
        LogSettings.apply(new SettingValues(values, Runtime.getRuntime().maxMemory(), AgentLog.WARNINGS));
    }

    /**
     * The agent's part of the exit block: the rules that never matched and, at debug level, its statistics. A
     * class rather than a lambda: no bootstrap method on the start path.
     */
    private static final class ExitLines implements Supplier<List<String>> {
        private final RuleUsage usage;
        private final TransformStats stats;
        private final VerdictCache cache;
        private final long premainNanos;

        ExitLines(RuleUsage usage, TransformStats stats, VerdictCache cache, long premainNanos) {
            this.usage = usage;
            this.stats = stats;
            this.cache = cache;
            this.premainNanos = premainNanos;
        }

        @Override
        public List<String> get() {
            List<String> lines = new ArrayList<>();
            for (Rule rule : usage.unmatched()) {
                lines.add(RuleUsage.unmatchedLine(rule));
            }
            if (stats != null) lines.add(stats.line(premainNanos));
            if (cache != null) lines.add(cache.statsLine());
            return lines;
        }
    }
}
