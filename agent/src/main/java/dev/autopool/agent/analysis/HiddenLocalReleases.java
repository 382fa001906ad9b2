package dev.autopool.agent.analysis;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Adds the releases of provably local borrows to a method. Each borrow gets a hidden local that holds the buffer
 * it last handed out; the buffer goes home (and the local is cleared first, so nothing goes home twice)
 * before the same borrow runs again, before every return, and in a catch-all handler that rethrows. Aliases in
 * the app's own locals do not matter: only the hidden local is ever released.
 *
 * <p>The inserted code has no branch: the null test and the verdict's guard are inside the runtime call
 * ({@code releaseIfValid(buffer, guard, site)}), so the only new control flow is the one handler, and the frames
 * come from {@link HiddenLocalFrames} with no type merge. Where the runtime numbers loans, each borrow also keeps
 * its loan's generation in a hidden {@code int}, and every release names that loan (see {@link #insert}).
 * Writes the code only: {@link ReleaseInsertion} decides which borrows get it and restores a method that cannot.
 */
final class HiddenLocalReleases {
    /** Pushes the site id an inserted release of one plan reports under; called once per inserted release. */
    interface ReleaseSites {
        LdcInsnNode push(BorrowPlan plan);
    }

    /** The runtime's guarded releases, {@code releaseIfValid(Object array, int guard, int site)} and its
     *  {@code releaseIfBorrowedAndValid} twin: see {@link BorrowRules#releaseMethodFor}. */
    static final String RELEASE_DESC = "(Ljava/lang/Object;II)V";
    /** Their loan-exact forms, {@code releaseLoanIfValid(Object array, int generation, int guard, int site)}. */
    static final String LOAN_RELEASE_DESC = "(Ljava/lang/Object;III)V";
    /** {@code generation(Object array)}: the current loan's number, taken right after a borrow. */
    static final String GENERATION_DESC = "(Ljava/lang/Object;)I";
    /** {@code releaseLoan(Object array, int generation, int site)}, what a plain release of a known loan becomes. */
    static final String RELEASE_LOAN_DESC = "(Ljava/lang/Object;II)V";

    private HiddenLocalReleases() {}

    /**
     * Inserts the releases of {@code plans} and, with {@code generations}, numbers loans: right after each borrow
     * of a plan or of a {@code loanReleases} value, {@code Pools.generation} of its buffer goes into a hidden
     * {@code int} local; the plan's releases become {@code releaseLoanIfValid} and each plain release in
     * {@code loanReleases} becomes {@code releaseLoan} with that number, so a stale release (of a buffer that came
     * home and was lent again) is refused by the runtime. {@code plans} may be empty.
     */
    static void insert(String owner, MethodNode method, List<BorrowPlan> plans, String poolOwner, int guard,
                       ReleaseSites sites, Map<AbstractInsnNode, AbstractInsnNode> loanReleases,
                       boolean generations) {
        int n = plans.size();
        int firstHidden = method.maxLocals;
        List<Object> types = new ArrayList<>();
        int[] slots = new int[n];
        for (int i = 0; i < n; i++) {
            slots[i] = firstHidden + types.size();
            types.add(HiddenLocalFrames.OBJECT);
        }
        Map<AbstractInsnNode, Integer> generationSlots = new IdentityHashMap<>();
        if (generations) {
            List<AbstractInsnNode> numbered = new ArrayList<>();
            plans.forEach(p -> numbered.add(p.borrow()));
            numbered.addAll(loanReleases.values());
            for (AbstractInsnNode borrow : numbered) {
                if (!generationSlots.containsKey(borrow)) {
                    generationSlots.put(borrow, firstHidden + types.size());
                    types.add(Opcodes.INTEGER);
                }
            }
        }
        if (types.isEmpty()) {
            return;
        }
        // In a constructor the hidden locals are set, and the handler starts, after its super(...) call: a handler
        // over the code before it would need a frame with an uninitialized this. Every borrow numbered or released
        // here must then come after that call.
        AbstractInsnNode superCall = null;
        if (n > 0 && method.name.equals("<init>")) {
            int index = ConstructorStart.superCallIndex(method);
            if (index < 0) throw new IllegalStateException("no provable super(...) call to start after");
            superCall = method.instructions.get(index);
            for (AbstractInsnNode borrow : generationSlots.keySet()) {
                if (method.instructions.indexOf(borrow) <= index) {
                    throw new IllegalStateException("a borrow before the super(...) call");
                }
            }
            for (BorrowPlan p : plans) {
                if (method.instructions.indexOf(p.borrow()) <= index) {
                    throw new IllegalStateException("a borrow before the super(...) call");
                }
            }
        }
        HiddenLocalFrames.addHiddenLocals(owner, method, firstHidden, types);
        method.maxLocals = firstHidden + types.size();
        Release release = (i) -> release(slots[i], generationSlots.get(plans.get(i).borrow()), guard,
                sites.push(plans.get(i)), poolOwner, BorrowRules.releaseMethodFor(plans.get(i).borrow()));
        List<AbstractInsnNode> returns = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() >= Opcodes.IRETURN && insn.getOpcode() <= Opcodes.RETURN) {
                returns.add(insn);
            }
        }
        for (int i = 0; i < n; i++) {
            BorrowPlan plan = plans.get(i);
            if (plan.releaseBeforeReborrow()) {
                method.instructions.insertBefore(plan.borrow(), release.of(i));
            }
            InsnList keep = new InsnList();
            keep.add(new InsnNode(Opcodes.DUP));
            keep.add(new VarInsnNode(Opcodes.ASTORE, slots[i]));
            method.instructions.insert(plan.borrow(), keep);
        }
        generationSlots.forEach((borrow, slot) -> {
            InsnList number = new InsnList();
            number.add(new InsnNode(Opcodes.DUP));
            number.add(new MethodInsnNode(Opcodes.INVOKESTATIC, poolOwner, "generation", GENERATION_DESC, false));
            number.add(new VarInsnNode(Opcodes.ISTORE, slot));
            method.instructions.insert(borrow, number);
        });
        if (generations) {
            loanReleases.forEach((call, borrow) -> {
                // [array, site] -> [array, generation, site]: no branch, no new local.
                InsnList generation = new InsnList();
                generation.add(new VarInsnNode(Opcodes.ILOAD, generationSlots.get(borrow)));
                generation.add(new InsnNode(Opcodes.SWAP));
                method.instructions.insertBefore(call, generation);
                // A new node, not an edited one: a failed rewrite puts the method's own nodes back unchanged.
                method.instructions.set(call, new MethodInsnNode(Opcodes.INVOKESTATIC, poolOwner, "releaseLoan",
                        RELEASE_LOAN_DESC, false));
            });
        }
        for (AbstractInsnNode ret : returns) {
            method.instructions.insertBefore(ret, releaseAll(n, release));
        }
        InsnList prologue = new InsnList();
        for (int slot : slots) {
            prologue.add(new InsnNode(Opcodes.ACONST_NULL));
            prologue.add(new VarInsnNode(Opcodes.ASTORE, slot));
        }
        for (int slot : generationSlots.values()) {
            prologue.add(new InsnNode(Opcodes.ICONST_M1));
            prologue.add(new VarInsnNode(Opcodes.ISTORE, slot));
        }
        // At most four values on top of what the method had: buffer, generation, guard, site (the handler: +1).
        method.maxStack = Math.max(method.maxStack + 4, 5);
        if (n == 0) {
            method.instructions.insert(prologue);
            return;
        }
        HiddenLocalFrames.wrapInCatchAll(method, superCall, prologue, firstHidden, types, releaseAll(n, release));
    }

    private interface Release {
        InsnList of(int plan);
    }

    private static InsnList releaseAll(int plans, Release release) {
        InsnList all = new InsnList();
        for (int i = 0; i < plans; i++) {
            all.add(release.of(i));
        }
        return all;
    }

    /**
     * {@code Object b = slot; slot = null; Pools.releaseIfValid(b, guard, site);} with no branch; with a
     * generation slot, {@code Pools.releaseLoanIfValid(b, generation, guard, site)}.
     */
    private static InsnList release(int slot, Integer generationSlot, int guard, LdcInsnNode site, String poolOwner,
                                    String releaseMethod) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, slot));
        code.add(new InsnNode(Opcodes.ACONST_NULL));
        code.add(new VarInsnNode(Opcodes.ASTORE, slot));
        if (generationSlot != null) {
            code.add(new VarInsnNode(Opcodes.ILOAD, generationSlot));
        }
        code.add(new LdcInsnNode(guard));
        code.add(site);
        code.add(generationSlot == null
                ? new MethodInsnNode(Opcodes.INVOKESTATIC, poolOwner, releaseMethod, RELEASE_DESC, false)
                : new MethodInsnNode(Opcodes.INVOKESTATIC, poolOwner, loanForm(releaseMethod), LOAN_RELEASE_DESC,
                        false));
        return code;
    }

    /** {@code releaseIfValid} -> {@code releaseLoanIfValid}, {@code releaseIfBorrowedAndValid} -> {@code releaseLoanIfBorrowedAndValid}. */
    static String loanForm(String releaseMethod) {
        return "releaseLoan" + releaseMethod.substring("release".length());
    }
}
