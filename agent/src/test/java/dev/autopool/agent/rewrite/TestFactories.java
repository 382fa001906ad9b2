package dev.autopool.agent.rewrite;

import java.io.IOException;
import java.io.InputStream;

/** The factory gate of the rewrite tests: factory bodies checked as the test class path defines them. */
final class TestFactories {
    static final FactoryGate CLASS_PATH = FactoryGate.ofClassFiles(TestFactories::bytes);

    private TestFactories() {}

    private static byte[] bytes(String internalName) {
        try (InputStream in = TestFactories.class.getResourceAsStream("/" + internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
