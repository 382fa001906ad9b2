package dev.autopool.agent.analysis;

import dev.autopool.agent.analysis.fixtures.TestPools;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Loads fixture classes rewritten by {@link ReleaseInsertion} against {@link TestPools} (everything else comes
 * from the parent, so the counts are shared), after checking each rewritten class with ASM's verifier.
 */
final class RewritingLoader extends ClassLoader {
    static final String FIXTURES = "dev.autopool.agent.analysis.fixtures.";

    private final EscapeAnalysis analysis;
    private final List<Verdict> verdicts = new ArrayList<>();
    private final AtomicInteger releaseSites = new AtomicInteger(1000);
    private final Consumer<ClassNode> before;

    RewritingLoader() {
        this(node -> { });
    }

    /** @param before a rewrite that runs before release insertion, as the agent's earlier rewrites do */
    RewritingLoader(Consumer<ClassNode> before) {
        super(RewritingLoader.class.getClassLoader());
        this.before = before;
        BorrowRules rules = BorrowRules.of(Type.getInternalName(TestPools.class), type -> true, List.of());
        analysis = new EscapeAnalysis(rules, RewritingLoader::originalBytes);
    }

    EscapeAnalysis analysis() {
        return analysis;
    }

    List<Verdict> verdicts() {
        return verdicts;
    }

    /** Rewrites one class and returns its verdicts, without defining it. */
    List<Verdict> rewrite(String className) {
        rewritten(className);
        return verdicts.stream().filter(v -> v.className().equals(className)).toList();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(FIXTURES) || name.equals(TestPools.class.getName())) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] bytes = rewritten(name);
                c = defineClass(name, bytes, 0, bytes.length);
            }
            return c;
        }
    }

    private byte[] rewritten(String name) {
        ClassNode node = new ClassNode();
        new ClassReader(originalBytes(name.replace('.', '/'))).accept(node, 0);
        before.accept(node);
        verdicts.addAll(ReleaseInsertion.apply(node, analysis, v -> releaseSites.getAndIncrement()));
        ClassWriter writer = new ClassWriter(0);
        node.accept(writer);
        byte[] bytes = writer.toByteArray();
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), getParent(), false, new PrintWriter(problems));
        if (!problems.toString().isEmpty()) {
            throw new AssertionError("rewritten " + name + " does not verify:\n" + problems);
        }
        return bytes;
    }

    /** The class file of {@code c} as read, unrewritten. */
    static ClassNode node(Class<?> c) {
        ClassNode node = new ClassNode();
        new ClassReader(originalBytes(Type.getInternalName(c))).accept(node, 0);
        return node;
    }

    static byte[] originalBytes(String internalName) {
        try (InputStream in = ClassLoader.getSystemClassLoader().getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
