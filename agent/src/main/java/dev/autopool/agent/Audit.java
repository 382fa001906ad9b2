package dev.autopool.agent;

import dev.autopool.agent.config.AgentArgs;
import dev.autopool.agent.config.Config;
import dev.autopool.agent.config.ConfigLoader;
import dev.autopool.agent.config.Rule;
import dev.autopool.agent.rewrite.ClassRewriter;
import dev.autopool.agent.rewrite.FactoryGate;
import dev.autopool.agent.rewrite.RewritePlan;
import dev.autopool.agent.rewrite.Rewrites;
import dev.autopool.agent.rewrite.RuleUsage;
import dev.autopool.agent.rewrite.RuntimeApi;
import dev.autopool.agent.rewrite.SiteInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;

/**
 * {@code audit --config FILE JAR|DIR...}: runs the agent's rewrites over class files without running the app
 * and lists, per rule, every site it would rewrite (with a release verdict where an analysis gave one, and the
 * classes that verdict waits for at run time), for an {@code arrays} rule every big {@code new} that stays plain
 * with why (the smaller ones as a count, or with {@code --all} each with why), then the rules that match nothing.
 * {@code audit --suggest JAR|DIR...} proposes {@code factory} rules.
 */
final class Audit {
    static final String USAGE =
            "usage: java -jar autopool-agent.jar audit [--strict] [--all] --config FILE JAR|DIR...\n"
            + "       java -jar autopool-agent.jar audit --suggest JAR|DIR...\n"
            + "exit status: 0 fine, 1 the rules file has errors (or, with --strict, a rule matches nothing),"
            + " 2 bad usage or unreadable input";

    /** Exit status: the audit ran and found nothing to fix. */
    static final int OK = 0;
    /** Exit status: the rules file has errors, or (with --strict) a rule matches nothing. */
    static final int FINDINGS = 1;
    /** Exit status: bad usage, or a rules file, jar or directory that cannot be read. */
    static final int BAD_INPUT = 2;

    private Audit() {}

    /** Runs the command; returns the process exit code ({@link #OK}, {@link #FINDINGS} or {@link #BAD_INPUT}). */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            return OK;
        }
        boolean strict = args.contains("--strict");
        boolean all = args.contains("--all");
        List<String> rest = args.stream().filter(a -> !a.equals("--strict") && !a.equals("--all")).toList();
        String unknown = unknownOption(rest);
        if (unknown != null) {
            err.println("autopool audit: " + unknown);
            err.println(USAGE);
            return BAD_INPUT;
        }
        try {
            if (rest.size() >= 2 && rest.get(0).equals("--suggest")) {
                List<String> notes = new ArrayList<>();
                List<String> lines = FactorySuggestions.lines(
                        ClassFiles.read(paths(rest.subList(1, rest.size())), notes::add));
                out.println("# factory rules for static methods that build and return a matrix from int parameters");
                notes.forEach(n -> out.println("# " + n));
                lines.forEach(out::println);
                if (lines.isEmpty()) out.println("# none found");
                return OK;
            }
            if (rest.size() >= 3 && rest.get(0).equals("--config")) {
                Path configFile = Path.of(rest.get(1));
                if (!Files.isRegularFile(configFile) || !Files.isReadable(configFile)) {
                    // Audited against no rules, every jar would look fine: a CI gate must not pass on a typo.
                    err.println("autopool audit: cannot read the rules file " + configFile);
                    return BAD_INPUT;
                }
                return audit(configFile, paths(rest.subList(2, rest.size())), strict, all, out, err);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("autopool audit: " + e.getMessage());
            return BAD_INPUT;
        }
        err.println(USAGE);
        return BAD_INPUT;
    }

    /**
     * What is wrong with the first word after the command's own options ({@code --suggest}, or {@code --config
     * FILE}) that looks like an option, with a hint where one helps; null when there is none. Without this, {@code --suggest --config F}
     * reported "no such jar or directory: --config".
     */
    private static String unknownOption(List<String> rest) {
        int from = rest.isEmpty() ? 0 : rest.get(0).equals("--suggest") ? 1 : rest.get(0).equals("--config") ? 2 : 0;
        for (String a : rest.subList(Math.min(from, rest.size()), rest.size())) {
            if (!a.startsWith("--")) continue;
            if (a.equals("--config") && from == 0) {
                return "--config FILE comes first, before the jars and directories";
            }
            return "unknown option " + a + (a.equals("--config")
                    ? " (audit --suggest reads no rules file, only jars and class-path directories)" : "");
        }
        return null;
    }

    private static int audit(Path configFile, List<Path> paths, boolean strict, boolean all, PrintStream out,
                             PrintStream err) throws IOException {
        for (Path p : paths) {
            if (!Files.exists(p)) throw new IOException("no such jar or directory: " + p);
        }
        Config config = ConfigLoader.load(new AgentArgs(configFile.toString(), Map.of()));
        config.problems().forEach(p -> out.println(p.message()));
        RewritePlan plan = RewritePlan.of(config.rules());
        RuleUsage usage = new RuleUsage(config.rules(), out::println, true);
        // The classes this JDK would load; a multi-release jar's versioned classes are named (the verdicts are
        // this JDK's).
        List<ClassFiles.Entry> classes = ClassFiles.read(paths, out::println);
        // Factory bodies are checked as the audited class files define them.
        Map<String, byte[]> byName = new java.util.HashMap<>();
        classes.forEach(e -> byName.putIfAbsent(e.internalName(), e.bytes()));
        ClassRewriter rewriter = new ClassRewriter(plan, Rewrites.forSettings(config.settings(),
                FactoryGate.ofClassFiles(byName::get), new AuditVerdictBasis()), runtimeApi(), usage, out::println);
        Map<String, List<SiteInfo>> byRule = new LinkedHashMap<>();
        config.rules().forEach(r -> byRule.put(r.origin(), new ArrayList<>()));
        // Analyses may read callees' and supertypes' class files from here; nothing is loaded through it.
        try (URLClassLoader resources = new URLClassLoader(urls(paths), null)) {
            for (ClassFiles.Entry entry : classes) {
                if (IgnoredClasses.ignores(entry.internalName(), resources)) {
                    continue;
                }
                try {
                    if (!rewriter.selects(entry.internalName(), entry.bytes())) continue;
                    rewriter.rewrite(entry.bytes(), resources, site -> {
                        byRule.computeIfAbsent(site.rule(), k -> new ArrayList<>()).add(site);
                        return 0;
                    });
                } catch (RuntimeException e) {
                    out.println("autopool REWRITE-FAILED " + entry.internalName().replace('/', '.')
                            + " would be left unchanged: " + e);
                }
            }
        }
        out.println("audited " + classes.size() + " class(es) with " + config.rules().size() + " rule(s)");
        for (Rule rule : config.rules()) {
            List<SiteInfo> sites = byRule.get(rule.origin());
            out.println();
            out.println(rule.origin() + "  " + rule.kind().name().toLowerCase(java.util.Locale.ROOT) + " "
                    + rule.target() + "  -> " + sites.size() + " site(s)");
            for (SiteInfo s : sites) {
                out.println("    " + s.where() + "  " + s.action()
                        + (s.verdict() == null ? "" : "  [" + s.verdict() + "]"));
            }
            List<String> plain = usage.plainSites(rule);
            if (!plain.isEmpty()) {
                out.println("  stay plain (at or above min-bytes, or sized at run time):");
                plain.forEach(p -> out.println("    " + p));
            }
            List<String> small = usage.plainSitesUnderMinBytes(rule);
            if (all && !small.isEmpty()) {
                out.println("  stay plain (under min-bytes):");
                small.forEach(p -> out.println("    " + p));
            } else if (!small.isEmpty()) {
                out.println("  and " + small.size() + " smaller new(s) under min-bytes stay plain (--all lists them)");
            }
        }
        // Sites of the built-in ONNX rule (tensor inputs, and outputs pooled where their result goes home).
        byRule.forEach((origin, sites) -> {
            if (config.rules().stream().anyMatch(r -> r.origin().equals(origin)) || sites.isEmpty()) return;
            out.println();
            out.println(origin + "  -> " + sites.size() + " site(s)");
            for (SiteInfo s : sites) {
                out.println("    " + s.where() + "  " + s.action()
                        + (s.verdict() == null ? "" : "  [" + s.verdict() + "]"));
            }
        });
        List<Rule> unmatched = usage.unmatched();
        out.println();
        out.println(unmatched.isEmpty() ? "every rule matches something" : "rules that match nothing:");
        unmatched.forEach(r -> out.println("    " + RuleUsage.unmatchedLine(r)));
        if (!config.problems().isEmpty()) {
            err.println("autopool audit: " + config.problems().size() + " problem(s) in " + configFile
                    + " (listed above); those lines are ignored by the agent");
            return FINDINGS;
        }
        if (strict && !unmatched.isEmpty()) {
            err.println("autopool audit: " + unmatched.size() + " rule(s) match nothing (--strict)");
            return FINDINGS;
        }
        return OK;
    }

    /** The runtime inside this jar, read as a class file; from the class path when run from classes. */
    private static RuntimeApi runtimeApi() throws IOException {
        try (InputStream nested = Audit.class.getResourceAsStream(RuntimeJar.RESOURCE)) {
            if (nested != null) {
                try (JarInputStream jar = new JarInputStream(nested)) {
                    for (ZipEntry e = jar.getNextEntry(); e != null; e = jar.getNextEntry()) {
                        if (e.getName().equals("dev/autopool/runtime/Pools.class")) {
                            return RuntimeApi.fromClassFile(jar.readAllBytes());
                        }
                    }
                }
            }
        }
        return RuntimeApi.pools();
    }

    private static List<Path> paths(List<String> args) {
        return args.stream().map(Path::of).toList();
    }

    private static URL[] urls(List<Path> paths) throws IOException {
        URL[] urls = new URL[paths.size()];
        for (int i = 0; i < urls.length; i++) urls[i] = paths.get(i).toUri().toURL();
        return urls;
    }
}
