package dev.autopool.agent;

import dev.autopool.agent.rewrite.OnnxTensorHooks;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * The narrow exception to "ONNX Runtime is never transformed": {@code ai.onnxruntime.OnnxTensor} alone gets the
 * {@link OnnxTensorHooks}, in whichever class loader holds it. A failure leaves the class as it was (pooled
 * buffers are then never handed back, and show up as leaks) and costs one log line.
 */
final class OnnxTensorTransformer implements ClassFileTransformer {
    private OnnxTensorTransformer() {}

    /** Hooks {@code OnnxTensor} when it loads, or now if it already has. */
    static void install(Instrumentation inst) {
        inst.addTransformer(new OnnxTensorTransformer(), true);
        if (!inst.isRetransformClassesSupported()) return;
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getName().equals("ai.onnxruntime.OnnxTensor") && inst.isModifiableClass(c)) {
                LoadedClasses.retransformAsAutopool(inst, java.util.List.of(c)); // autopool's own: no verdict changes
            }
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (!OnnxTensorHooks.CLASS.equals(className)) return null;
        try {
            return OnnxTensorHooks.instrument(classfileBuffer);
        } catch (Throwable t) {
            AgentLog.warning("autopool REWRITE-FAILED ai.onnxruntime.OnnxTensor is left unchanged, so pooled tensor"
                    + " buffers are not handed back on close: " + t);
            return null;
        }
    }
}
