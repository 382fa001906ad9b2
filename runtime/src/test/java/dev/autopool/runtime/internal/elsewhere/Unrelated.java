package dev.autopool.runtime.internal.elsewhere;

import dev.autopool.runtime.internal.DeclaredBodiesTest;

/** Declares a method of the same name as a package-private one of its superclass, in another package. */
public class Unrelated extends DeclaredBodiesTest.Cache {
    void local(float[] a) {}
}
