package dev.autopool.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.internal.elsewhere.Unrelated;
import org.junit.jupiter.api.Test;

/** Which body a release rule's call ran: the one the rule's class declares, or another. */
public class DeclaredBodiesTest {
    /** The class a rule names. */
    public static class Cache {
        public void give(float[] a) {}

        void local(float[] a) {}

        public static void free(float[] a) {}
    }

    /** Inherits everything: runs Cache's bodies. */
    public static class Plain extends Cache {}

    /** Overrides give: may keep the array. */
    public static class Keeping extends Cache {
        float[] kept;

        @Override
        public void give(float[] a) {
            kept = a;
        }
    }

    /** Declares nothing of its own. */
    public static class Sub extends Cache {}

    private static final String GIVE = "give([F)V";

    @Test
    void aCallThatRunsTheNamedBodyReleases() {
        assertTrue(DeclaredBodies.runs(Cache.class, Cache.class, GIVE));
        assertTrue(DeclaredBodies.runs(Plain.class, Cache.class, GIVE));
        assertTrue(DeclaredBodies.runs(null, Cache.class, "free([F)V"));
    }

    @Test
    void anOverrideIsNotTheNamedBody() {
        assertFalse(DeclaredBodies.runs(Keeping.class, Cache.class, GIVE));
    }

    @Test
    void aRuleOnAClassThatOnlyInheritsTheMethodVouchesForNoBody() {
        assertFalse(DeclaredBodies.runs(Sub.class, Sub.class, GIVE));
        assertFalse(DeclaredBodies.runs(null, Sub.class, "free([F)V"));
    }

    @Test
    void aSamePackagePrivateMethodOfAnotherPackageOverridesNothing() {
        // Unrelated (another package) declares its own local(float[]): it does not override Cache.local.
        assertTrue(DeclaredBodies.runs(Unrelated.class, Cache.class, "local([F)V"));
        assertFalse(DeclaredBodies.runs(LocalOverride.class, Cache.class, "local([F)V"));
    }

    /** Overrides the package-private method from its own package. */
    static class LocalOverride extends Cache {
        @Override
        void local(float[] a) {}
    }
}
