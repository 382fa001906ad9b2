package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.MethodRef;
import dev.autopool.agent.config.Rule;
import dev.autopool.runtime.Sites;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * ONNX outputs from the pool (part of the built-in ONNX rule): a call {@code value.getValue()} on an ONNX
 * Runtime value (through the {@code OnnxValue} interface, as {@code result.get(0).getValue()} is, or on
 * {@code OnnxTensor}) becomes {@code Pools.onnxValue(value, SITE)}, but only where the result is sure to come
 * home ({@link ArrayHomecoming}: escape analysis proves it dies in its method, or a {@code release} rule takes
 * it). Which value and which rank arrive is known only at run time, so the runtime checks the receiver and
 * falls back to the original call for anything it does not read into a pooled array; every other site keeps the
 * original call. The stack keeps its shape (the receiver, one pushed site id, an {@code Object} result).
 */
final class OnnxValueRewrite implements MethodRewrite {
    private static final String VALUE = "ai/onnxruntime/OnnxValue";
    private static final Set<String> OWNERS = Set.of(VALUE, OnnxCreateTensorRewrite.TENSOR,
            "ai/onnxruntime/OnnxTensorLike");
    private static final String DESCRIPTOR = "()Ljava/lang/Object;";
    /** The runtime entry, on the class rewritten code calls. */
    static final String ENTRY = "onnxValue";
    static final String ENTRY_DESCRIPTOR = "(Ljava/lang/Object;I)Ljava/lang/Object;";
    /** What reports name as the rule behind these sites. */
    private static final Rule RULE = new Rule(Rule.Kind.FACTORY, MethodRef.parse("ai.onnxruntime.OnnxValue#getValue()"),
            null, Map.of(), "onnx (built-in)", 0);

    private final ArrayHomecoming homecoming;

    OnnxValueRewrite(ArrayHomecoming homecoming) {
        this.homecoming = homecoming;
    }

    /** Whether {@code insn} is a {@code getValue()} call on an ONNX Runtime value. */
    static boolean isGetValue(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode call && call.getOpcode() != Opcodes.INVOKESTATIC
                && call.getOpcode() != Opcodes.INVOKESPECIAL && call.name.equals("getValue")
                && call.desc.equals(DESCRIPTOR) && OWNERS.contains(call.owner);
    }

    @Override
    public Set<String> mentions() {
        return OWNERS;
    }

    @Override
    public boolean rewrite(ClassScope scope, MethodNode method) {
        if (!callsGetValue(method)) return false; // most methods: no copy of the instruction list
        boolean changed = false;
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            // An output handed to the caller escapes: said without running the escape analysis, which on a
            // class's first rewrite costs the app's thread the analysis's cold start.
            if (!isGetValue(insn) || !scope.api().has(ENTRY, ENTRY_DESCRIPTOR) || ReturnedValue.onEveryPath(insn)
                    || !homecoming.comesHome(scope, method, insn)) {
                continue;
            }
            MethodInsnNode call = (MethodInsnNode) insn;
            // Every element is overwritten from the tensor, so a recycled array need not be cleared first.
            PendingSite site = scope.site(method, call, RULE, Sites.NO_ZERO, "borrow onnx output");
            method.instructions.insertBefore(call, site.push());
            method.instructions.set(call, new MethodInsnNode(Opcodes.INVOKESTATIC, scope.api().owner(), ENTRY,
                    ENTRY_DESCRIPTOR, false));
            method.maxStack += 1;
            changed = true;
        }
        return changed;
    }

    /** Whether {@code method} has a {@link #isGetValue} call: the only candidates here. */
    private static boolean callsGetValue(MethodNode method) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (isGetValue(insn)) return true;
        }
        return false;
    }
}
