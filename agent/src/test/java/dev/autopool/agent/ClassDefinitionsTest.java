package dev.autopool.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.agent.analysis.ClassKey;
import java.net.URLClassLoader;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** What the transformer records of each definition, per loader, and when a class becomes unknown for good. */
class ClassDefinitionsTest {
    private final ClassDefinitions definitions = new ClassDefinitions();
    private final ClassLoader loader = new URLClassLoader(new URL[0]);

    @Test
    void aDefinitionIsKeptByLoaderAndNameAndCopied() {
        byte[] bytes = {1, 2, 3};
        assertNull(definitions.defined(loader, "com/acme/Helper", bytes));
        bytes[0] = 9; // a later transformer reusing the array changes nothing recorded
        ClassDefinitions.Definition d = definitions.get(definitions.key(loader, "com/acme/Helper"));
        assertArrayEquals(new byte[] {1, 2, 3}, d.bytes());
        assertNull(definitions.get(definitions.key(new URLClassLoader(new URL[0]), "com/acme/Helper")));
    }

    @Test
    void theSameNameOfferedAgainWithOtherBytesIsDistrusted() {
        definitions.defined(loader, "com/acme/Helper", new byte[] {1, 2, 3});
        assertNull(definitions.defined(loader, "com/acme/Helper", new byte[] {1, 2, 3}), "same bytes: no change");
        ClassKey changed = definitions.defined(loader, "com/acme/Helper", new byte[] {1, 2, 4});
        assertEquals(definitions.key(loader, "com/acme/Helper"), changed);
        assertTrue(definitions.isDistrusted(changed));
    }

    @Test
    void jdkAndAutopoolClassesAreNotRecorded() {
        definitions.defined(null, "java/util/Arrays", new byte[] {1});
        definitions.defined(loader, "dev/autopool/runtime/Pools", new byte[] {1});
        assertNull(definitions.get(ClassKey.boot("java/util/Arrays")));
        assertNull(definitions.get(definitions.key(loader, "dev/autopool/runtime/Pools")));
        assertFalse(definitions.isDistrusted(ClassKey.boot("java/util/Arrays")));
    }

    @Test
    void eachLoaderHasItsOwnIdAndTheBootLoaderZero() {
        assertEquals(ClassKey.BOOT, definitions.idOf(null));
        assertEquals(definitions.idOf(loader), definitions.idOf(loader));
        assertFalse(definitions.idOf(loader) == definitions.idOf(new URLClassLoader(new URL[0])));
    }
}
