package dev.autopool.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.autopool.agent.analysis.CodeBase;
import dev.autopool.agent.analysis.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code audit} promises no more than the running agent proves, and says what a verdict waits for there. */
class AuditVerdictBasisTest {
    private final AuditVerdictBasis basis = new AuditVerdictBasis();
    private final CodeBase code = basis.codeBase(getClass().getClassLoader(), "com/acme/Frame", new byte[] {1});

    @Test
    void aJdkClassFileIsNotReadEvenWhereItCouldBeLikeInTheRunningAgent() {
        CodeBase.Lookup jdk = code.find("java/util/ArrayList");

        assertInstanceOf(CodeBase.Unknown.class, jdk);
        assertEquals("is a JDK class outside the analysis's allowlist", ((CodeBase.Unknown) jdk).reason());
    }

    @Test
    void theAuditedClassAndClassFilesAtHandAreKnown() {
        assertInstanceOf(CodeBase.Known.class, code.find("com/acme/Frame"));
        assertInstanceOf(CodeBase.Known.class, code.find("org/junit/jupiter/api/Test"));
        CodeBase.Lookup missing = code.find("com/acme/Gone");
        assertEquals("has no class file in the audited jars or directories", ((CodeBase.Unknown) missing).reason());
    }

    @Test
    void aVerdictBringingTheArrayHomeThroughOtherClassesNamesThemAll() {
        Verdict released = verdict(Verdict.Kind.RELEASED_BY_AGENT, List.of("com.acme.A", "com.acme.B", "com.acme.C"));
        Verdict byApp = verdict(Verdict.Kind.RELEASED_BY_APP, List.of("com.acme.Recycler"));

        assertEquals(released.summary() + "; at run time once com.acme.A, com.acme.B and com.acme.C are linked",
                basis.describe(released));
        assertEquals(byApp.summary() + "; at run time once com.acme.Recycler is linked", basis.describe(byApp));
    }

    @Test
    void aVerdictThatKeepsTheArrayFromHomeIsTheSameAtRunTime() {
        // An unlinked callee only makes the running agent more cautious: escaping stays escaping.
        Verdict escapes = verdict(Verdict.Kind.ESCAPES, List.of("com.acme.A"));
        Verdict alone = verdict(Verdict.Kind.RELEASED_BY_AGENT, List.of());

        assertEquals(escapes.summary(), basis.describe(escapes));
        assertEquals(alone.summary(), basis.describe(alone));
    }

    private static Verdict verdict(Verdict.Kind kind, List<String> restsOn) {
        return new Verdict("com.acme.Frame", "decode", "Frame.java", 12, -1, kind, "why", restsOn);
    }
}
