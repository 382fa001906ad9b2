package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.Rule;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * {@code release} rules: after a call to a method that ends an array's life, {@code Pools.release(array, SITE)}.
 * The app's method still runs first (its side effects and return value are the app's), and the array goes
 * home only once it has returned normally; if it throws, the array is left to the GC. The arguments pass
 * through fresh locals so the array is at hand after the call whatever its position, static or instance. A call
 * may run a body the rule does not vouch for: an inherited one (the rule's class declares no such method) or, for
 * a virtual call, a subclass's override that may keep the array. So the array goes through
 * {@code Pools.releasable}, which lets it go home only when the call ran the body the rule names. A rule on an
 * interface method vouches for every implementation. A super call ({@code super.give(a)}) is left as it is: it is
 * made from an override, which may keep the array once it returns.
 */
final class ReleaseCallRewrite implements MethodRewrite {

    @Override
    public boolean rewrite(ClassScope scope, MethodNode method) {
        if (!callsRelease(scope, method)) return false; // most methods: no copy of the instruction list
        boolean changed = false;
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            if (!(insn instanceof MethodInsnNode call) || call.name.equals("<init>")) continue;
            Rule rule = scope.plan().callRuleFor(call.owner, call.name, call.desc);
            if (rule == null || rule.kind() != Rule.Kind.RELEASE) continue;
            RuntimeApi.Target release = scope.api().release();
            if (release == null) {
                scope.usage().matched(rule);
                scope.usage().cannotApply(rule, "the runtime has no release method; calls are left as they are");
                continue;
            }
            if (call.getOpcode() == Opcodes.INVOKESPECIAL && !call.owner.equals(scope.internalName())) {
                scope.usage().matched(rule);
                scope.usage().cannotApply(rule, "called as super." + call.name + " in "
                        + scope.internalName().replace('/', '.') + ", an override that may keep the array; that call"
                        + " is left as it is");
                continue;
            }
            boolean dispatches = call.getOpcode() == Opcodes.INVOKEVIRTUAL;
            RuntimeApi.Target releasable = scope.api().releasable();
            if (releasable == null || (scope.node().version & 0xFFFF) < Opcodes.V1_5) {
                scope.usage().matched(rule);
                scope.usage().cannotApply(rule, "the calls in " + scope.internalName().replace('/', '.')
                        + " cannot be checked to run the body the rule names (this runtime or class file version);"
                        + " they are left as they are");
                continue;
            }
            Type[] params = Type.getArgumentTypes(call.desc);
            int arg = rule.arrayArgument();
            if (dispatches) {
                Type[] withReceiver = new Type[params.length + 1];
                withReceiver[0] = Type.getObjectType(call.owner);
                System.arraycopy(params, 0, withReceiver, 1, params.length);
                params = withReceiver;
                arg++;
            }
            PendingSite site = scope.site(method, call, rule, 0, "release");
            ArgumentStash stash = ArgumentStash.of(method, params);
            InsnList before = new InsnList();
            before.add(stash.store());
            before.add(stash.loadAll());
            InsnList after = new InsnList();
            after.add(dispatches ? stash.load(0) : new InsnNode(Opcodes.ACONST_NULL));
            after.add(new LdcInsnNode(Type.getObjectType(call.owner)));
            after.add(new LdcInsnNode(call.name + call.desc));
            after.add(stash.load(arg));
            after.add(releasable.call());
            after.add(site.push());
            after.add(release.call());
            // The return value, if any, stays on top: the release consumes exactly what it pushes.
            method.instructions.insertBefore(call, before);
            method.instructions.insert(call, after);
            method.maxStack += 4;
            changed = true;
        }
        return changed;
    }

    /** Whether {@code method} calls a method a {@code release} rule names: the only candidates here. */
    private static boolean callsRelease(ClassScope scope, MethodNode method) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (!(insn instanceof MethodInsnNode call) || call.name.equals("<init>")) continue;
            Rule rule = scope.plan().callRuleFor(call.owner, call.name, call.desc);
            if (rule != null && rule.kind() == Rule.Kind.RELEASE) return true;
        }
        return false;
    }
}
