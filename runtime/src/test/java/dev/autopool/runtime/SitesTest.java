package dev.autopool.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.autopool.runtime.internal.SiteRegistry;
import org.junit.jupiter.api.Test;

/** A class reloaded by a new loader registers the same sites again: they must map to the ids it had. */
class SitesTest {
    @Test
    void aSiteWithTheSameTextGetsTheSameIdAndTheRegistryDoesNotGrow() {
        int first = Sites.register("com.acme.Plugin", "run", "Plugin.java", 12, "factory", Sites.NO_ZERO);
        int count = SiteRegistry.count();
        int again = Sites.register("com.acme.Plugin", "run", "Plugin.java", 12, "factory", Sites.NO_ZERO);
        assertEquals(first, again);
        assertEquals(count, SiteRegistry.count());
        assertEquals(Sites.NO_ZERO, SiteRegistry.flags(again));
    }

    @Test
    void sitesThatDifferInAnyPartOfTheirTextStayApart() {
        int base = Sites.register("com.acme.Other", "run", "Other.java", 3, "factory", 0);
        assertNotEquals(base, Sites.register("com.acme.Other", "run", "Other.java", 4, "factory", 0));
        assertNotEquals(base, Sites.register("com.acme.Other", "run", "Other.java", 3, "arrays", 0));
        assertNotEquals(base, Sites.register("com.acme.Other", "run", "Other.java", 3, "factory", Sites.NO_ZERO));
        assertNotEquals(base, Sites.register("com.acme.Other", "go", "Other.java", 3, "factory", 0));
    }
}
