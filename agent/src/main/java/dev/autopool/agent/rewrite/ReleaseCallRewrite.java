package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.Rule;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * {@code release} rules: after a call to a method that ends an array's life, {@code Pools.release(array, SITE)}.
 * The app's method still runs first (its side effects and return value are the app's), and the array goes
 * home only once it has returned normally; if it throws, the array is left to the GC. The arguments pass
 * through fresh locals so the array is at hand after the call whatever its position, static or instance.
 */
final class ReleaseCallRewrite implements MethodRewrite {

    @Override
    public boolean rewrite(ClassScope scope, MethodNode method) {
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
            Type[] params = Type.getArgumentTypes(call.desc);
            int arg = rule.arrayArgument();
            PendingSite site = scope.site(method, call, rule, 0, "release");
            ArgumentStash stash = ArgumentStash.of(method, params);
            InsnList before = new InsnList();
            before.add(stash.store());
            before.add(stash.loadAll());
            InsnList after = new InsnList();
            after.add(stash.load(arg));
            after.add(site.push());
            after.add(release.call());
            // The return value, if any, stays on top: the release consumes exactly what it pushes.
            method.instructions.insertBefore(call, before);
            method.instructions.insert(call, after);
            method.maxStack += 2;
            changed = true;
        }
        return changed;
    }
}
