package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopool.agent.config.Config;
import dev.autopool.agent.config.ConfigParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Rewrites test fixture classes with rules written as in a rules file, against {@link RecordingRuntime}, checks
 * every rewritten class with ASM's {@link CheckClassAdapter}, and loads the results in a fresh class loader.
 */
final class Rewriting {
    final List<SiteInfo> sites = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final Config config;
    final RewritePlan plan;
    final RuleUsage usage;
    final ClassRewriter rewriter;
    private final Map<String, byte[]> rewritten = new HashMap<>();

    Rewriting(String... ruleLines) {
        this(Rewrites.all(Rewrites.homecoming(), TestFactories.CLASS_PATH), ruleLines);
    }

    Rewriting(List<MethodRewrite> rewrites, String... ruleLines) {
        config = ConfigParser.parse("test.conf", List.of(ruleLines));
        assertEquals(List.of(), config.problems(), "the test's rules must parse");
        plan = RewritePlan.of(config.rules());
        usage = new RuleUsage(config.rules(), log::add);
        rewriter = new ClassRewriter(plan, rewrites, new RuntimeApi(RecordingRuntime.class), usage, log::add);
        RecordingRuntime.reset();
    }

    /** The class file of a test class. */
    static byte[] bytesOf(Class<?> c) {
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rewrites {@code c}; returns the result (null when nothing changed) after checking it. */
    ClassRewriter.Result rewrite(Class<?> c) {
        return rewrite(c.getName(), bytesOf(c));
    }

    ClassRewriter.Result rewrite(String name, byte[] bytes) {
        String internal = name.replace('.', '/');
        if (!rewriter.selects(internal, bytes)) return null;
        ClassRewriter.Result result = rewriter.rewrite(bytes, getClass().getClassLoader(), s -> {
            sites.add(s);
            return sites.size() - 1;
        });
        if (result != null) {
            check(result.classFile());
            rewritten.put(name, result.classFile());
        }
        return result;
    }

    /** Loads {@code c} as rewritten (or as it was, if no rule changed it) in a fresh loader. */
    Class<?> load(Class<?> c) throws ClassNotFoundException {
        return Class.forName(c.getName(), true, new ChildFirst(rewritten, c.getClassLoader()));
    }

    /** Loads the class named {@code name}, rewritten (or generated) by this test, in a fresh loader. */
    Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name, true, new ChildFirst(rewritten, getClass().getClassLoader()));
    }

    void check(byte[] classFile) {
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(classFile), new ChildFirst(rewritten, getClass().getClassLoader()),
                false, new PrintWriter(problems));
        assertEquals("", problems.toString(), "the rewritten class must pass ASM's CheckClassAdapter");
    }

    /** Defines the rewritten classes itself and asks its parent for everything else. */
    private static final class ChildFirst extends ClassLoader {
        private final Map<String, byte[]> classes;

        ChildFirst(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = Map.copyOf(classes);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                byte[] bytes = classes.get(name);
                if (bytes == null) return super.loadClass(name, resolve);
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineClass(name, bytes, 0, bytes.length);
            }
        }
    }
}
