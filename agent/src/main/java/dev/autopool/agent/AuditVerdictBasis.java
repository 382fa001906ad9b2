package dev.autopool.agent;

import dev.autopool.agent.analysis.ClassKey;
import dev.autopool.agent.analysis.CodeBase;
import dev.autopool.agent.analysis.Verdict;
import dev.autopool.agent.analysis.VerdictGuard;
import dev.autopool.agent.rewrite.VerdictBasis;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code audit}'s verdicts rest on: the class files of the audited jars and directories, each counting as
 * linked. Two things keep audit from promising more than the running agent does. The JDK is known only through
 * the analysis's allowlist, as in the running agent, which never reads a JDK class's code (a JDK class file
 * audit could read is not used). And the running agent reads a callee only once its loader has linked it: a
 * verdict that brings an array home through another class's code holds there only from then on (the caller is
 * rewritten again when it is linked), so its line names those classes.
 */
final class AuditVerdictBasis implements VerdictBasis {
    /** Class files read so far, by internal name (audit has one loader: the audited paths). */
    private final ConcurrentHashMap<String, Optional<byte[]>> read = new ConcurrentHashMap<>();

    @Override
    public CodeBase codeBase(ClassLoader loader, String internalName, byte[] classFile) {
        return new CodeBase() {
            @Override
            public long loader() {
                return 1;
            }

            @Override
            public Lookup find(String name) {
                if (name.equals(internalName)) {
                    return new Known(new ClassKey(1, name), classFile, this);
                }
                if (!ClassDefinitions.mayMatter(name)) {
                    return new Unknown("is a JDK class outside the analysis's allowlist", false);
                }
                Optional<byte[]> bytes = read.computeIfAbsent(name, n -> Optional.ofNullable(resource(loader, n)));
                return bytes.isPresent() ? new Known(new ClassKey(1, name), bytes.get(), this)
                        : new Unknown("has no class file in the audited jars or directories", false);
            }
        };
    }

    @Override
    public VerdictGuard guardFor(ClassLoader loader, String internalName, Set<ClassKey> dependsOn) {
        return VerdictGuard.ALWAYS;
    }

    @Override
    public void waitingFor(ClassLoader loader, String internalName, Set<String> names) {}

    /** The verdict, and for one that brings the array home through other classes' code, what it waits for. */
    @Override
    public String describe(Verdict verdict) {
        boolean comesHome = verdict.kind() == Verdict.Kind.RELEASED_BY_AGENT || verdict.kind() == Verdict.Kind.RELEASED_BY_APP;
        if (!comesHome || verdict.restsOn().isEmpty()) {
            return verdict.summary();
        }
        List<String> classes = verdict.restsOn();
        String names = classes.size() == 1 ? classes.get(0)
                : String.join(", ", classes.subList(0, classes.size() - 1)) + " and " + classes.get(classes.size() - 1);
        return verdict.summary() + "; at run time once " + names + (classes.size() == 1 ? " is" : " are") + " linked";
    }

    private static byte[] resource(ClassLoader loader, String internalName) {
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
