package dev.autopool.agent.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.LdcInsnNode;

/**
 * A site a rewrite has planned but not yet registered: its id is pushed by {@code LDC} instructions that hold a
 * placeholder until the whole class has rewritten and verified, so a class or method that is given up registers
 * nothing.
 */
public final class PendingSite {
    private final SiteInfo info;
    private final List<LdcInsnNode> pushes = new ArrayList<>();
    private final java.util.Map<LdcInsnNode, PendingSite> index;
    private String verdict;
    private boolean verdictFixed;

    PendingSite(SiteInfo info, java.util.Map<LdcInsnNode, PendingSite> index) {
        this.info = info;
        this.index = index;
    }

    /** A new instruction that pushes this site's id; insert it where the runtime call needs the id. */
    public LdcInsnNode push() {
        LdcInsnNode ldc = new LdcInsnNode(-1);
        pushes.add(ldc);
        index.put(ldc, this);
        return ldc;
    }

    /** Records an analysis's release verdict for this site, shown by {@code audit}. */
    public void verdict(String text) {
        if (!verdictFixed) this.verdict = text;
    }

    /**
     * Records the site's verdict for good: a site whose buffer goes home another way than the automatic release
     * (an {@code owned} field's, at its owner's death) keeps it when the automatic release judges the site later.
     */
    void fixedVerdict(String text) {
        this.verdict = text;
        this.verdictFixed = true;
    }

    SiteInfo info() {
        return new SiteInfo(info.className(), info.method(), info.file(), info.line(), info.rule(), info.flags(),
                info.action(), verdict);
    }

    /** Where in {@code method} this site is first pushed: its place in bytecode order. */
    int position(org.objectweb.asm.tree.MethodNode method) {
        int first = Integer.MAX_VALUE;
        for (LdcInsnNode ldc : pushes) first = Math.min(first, method.instructions.indexOf(ldc));
        return first;
    }

    void assign(int id) {
        for (LdcInsnNode ldc : pushes) ldc.cst = id;
    }
}
