package dev.autopool.agent.analysis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The remembered plans of one class (one file of a {@link VerdictCache}), for the length of one rewrite of it.
 * A plan is used only when the method's code hashes the same as when it was analysed and every class it rests on
 * is, in this rewrite's {@link CodeBase}, a class of the same loader (or a JDK class the allowlist speaks for) whose
 * bytes, as the transformer saw them defined, have the SHA-256 recorded. Otherwise it is a miss and the analysis
 * runs. Only plans that rest on the class's own loader and the JDK are remembered, and only complete ones (no name
 * was waiting to be linked). While a class the plan rests on is not linked yet, the plan is answered as the analysis
 * would answer then, without running it: nothing it would release is released, and the names it waits for are
 * those classes (so the class is rewritten again once they are linked, and the entry is then checked in full).
 */
public final class ClassPlans implements PlanCache {
    private static final int MAGIC = 0x41505643; // "APVC"
    /** Larger files are not read (a class's plans take a few KiB). */
    private static final int MAX_BYTES = 4 << 20;

    /**
     * Names of temporary files, unique across the JVMs sharing the directory (pid) and within one (a counter):
     * {@code Files.createTempFile} would seed a {@code SecureRandom} at start-up for no gain here.
     */
    private static final TempNames TEMP_NAMES = new TempNames();

    private final VerdictCache cache;
    /** The entry's key, computed at the first question (see {@link VerdictCache#forClass}). */
    private final Supplier<String> keyOf;
    private String key;
    private Stored stored;

    /**
     * A class's entries in this run, shared by its rewrites (see {@link VerdictCache#stored}); guarded by itself.
     * {@code dirty}: a plan was added since they were last written.
     */
    static final class Stored {
        private final Map<String, Entry> entries;
        private boolean dirty;

        private Stored(Map<String, Entry> entries) {
            this.entries = entries;
        }
    }

    /**
     * One method's plan as stored: its code hash, its borrows by instruction index, what it rests on, and the
     * release-rule calls that may name their loan (release index, borrow index).
     */
    private record Entry(long codeHash, List<Borrow> borrows, List<Dependency> dependsOn, List<LoanRelease> loans) {}

    private record LoanRelease(int release, int borrow) {}

    private record Borrow(int index, boolean beforeReborrow, Verdict.Kind kind, String reason, int line, String file,
                          List<String> restsOn) {}

    /** A class a plan rests on: a JDK class ({@code digest} null) or one of the class's own loader. */
    private record Dependency(String name, byte[] digest) {}

    ClassPlans(VerdictCache cache, Supplier<String> key) {
        this.cache = cache;
        this.keyOf = key;
    }

    private String key() {
        if (key == null) key = keyOf.get();
        return key;
    }

    private Path file() {
        return cache.dir().resolve(key() + ".plans");
    }

    @Override
    public EscapeAnalysis.MethodPlan find(String kind, MethodNode method, CodeBase code) {
        Stored s = stored();
        Entry e;
        synchronized (s) {
            e = s.entries.get(kind + " " + method.name + method.desc);
        }
        EscapeAnalysis.MethodPlan plan = e == null ? null : plan(e, method, code);
        (plan == null ? cache.misses : plan.waitingFor().isEmpty() ? cache.hits : cache.waitingHits).increment();
        return plan;
    }

    private EscapeAnalysis.MethodPlan plan(Entry e, MethodNode method, CodeBase code) {
        if (e.codeHash() != MethodCodeHash.of(method)) return null;
        Set<ClassKey> dependsOn = new HashSet<>();
        Set<String> notLinkedYet = new HashSet<>();
        for (Dependency d : e.dependsOn()) {
            if (d.digest() == null) {
                dependsOn.add(ClassKey.boot(d.name()));
                continue;
            }
            CodeBase.Lookup found = code.find(d.name());
            if (found instanceof CodeBase.Unknown u && u.waiting()) {
                notLinkedYet.add(d.name());
                continue;
            }
            if (!(found instanceof CodeBase.Known k) || k.key().loader() != code.loader()
                    || !Arrays.equals(d.digest(), cache.digest(k.key(), k.bytes()))) {
                return null; // changed, or now another loader's: analyse again
            }
            dependsOn.add(k.key());
        }
        List<BorrowPlan> plans = new ArrayList<>();
        for (Borrow b : e.borrows()) {
            if (b.index() < 0 || b.index() >= method.instructions.size()) return null;
            AbstractInsnNode insn = method.instructions.get(b.index());
            Verdict v = new Verdict(null, method.name, b.file(), b.line(), -1, b.kind(), b.reason(), b.restsOn());
            if (!notLinkedYet.isEmpty() && (v.kind() == Verdict.Kind.RELEASED_BY_AGENT
                    || v.kind() == Verdict.Kind.RELEASED_BY_APP)) {
                // What the analysis would say now: it rests on code not linked yet. The relink that waiting
                // schedules asks again once it is, and then the entry can be checked in full.
                v = new Verdict(null, method.name, b.file(), b.line(), -1, Verdict.Kind.NOT_PROVEN,
                        "rests on " + String.join(", ", new java.util.TreeSet<>(notLinkedYet)).replace('/', '.')
                                + ", not linked yet");
            }
            plans.add(new BorrowPlan(insn, b.beforeReborrow() && notLinkedYet.isEmpty(), v));
        }
        Map<AbstractInsnNode, AbstractInsnNode> loans = new java.util.IdentityHashMap<>();
        for (LoanRelease l : e.loans()) {
            int size = method.instructions.size();
            if (l.release() < 0 || l.release() >= size || l.borrow() < 0 || l.borrow() >= size) return null;
            loans.put(method.instructions.get(l.release()), method.instructions.get(l.borrow()));
        }
        return new EscapeAnalysis.MethodPlan(plans, Set.copyOf(dependsOn), Set.copyOf(notLinkedYet), loans);
    }

    @Override
    public void remember(String kind, MethodNode method, EscapeAnalysis.MethodPlan plan,
                                      CodeBase code) {
        if (!plan.waitingFor().isEmpty()) return;
        List<Dependency> dependsOn = new ArrayList<>();
        for (ClassKey c : plan.dependsOn()) {
            if (c.loader() == ClassKey.BOOT) {
                dependsOn.add(new Dependency(c.name(), null));
                continue;
            }
            if (c.loader() != code.loader() || !(code.find(c.name()) instanceof CodeBase.Known k)
                    || !k.key().equals(c)) {
                return; // rests on another loader's class: not kept
            }
            dependsOn.add(new Dependency(c.name(), cache.digest(c, k.bytes())));
        }
        List<Borrow> borrows = new ArrayList<>();
        for (BorrowPlan p : plan.plans()) {
            Verdict v = p.verdict();
            borrows.add(new Borrow(method.instructions.indexOf(p.borrow()), p.releaseBeforeReborrow(), v.kind(),
                    v.reason(), v.line(), v.file(), v.restsOn()));
        }
        List<LoanRelease> loans = new ArrayList<>();
        plan.loanReleases().forEach((release, borrow) -> loans.add(new LoanRelease(
                method.instructions.indexOf(release), method.instructions.indexOf(borrow))));
        Entry entry = new Entry(MethodCodeHash.of(method), borrows, dependsOn, loans);
        Stored s = stored();
        synchronized (s) {
            s.entries.put(kind + " " + method.name + method.desc, entry);
            s.dirty = true;
        }
    }

    /** Writes the plans back if this rewrite added any: a temporary file, then an atomic move over the entry. */
    public void save() {
        Stored s;
        synchronized (this) {
            s = stored;
        }
        if (s == null) return;
        byte[] bytes;
        synchronized (s) {
            if (!s.dirty) return;
            s.dirty = false;
            try {
                bytes = encode(s.entries);
            } catch (IOException e) {
                return; // not kept this time
            }
        }
        Path tmp = null;
        Path file = file();
        try {
            tmp = cache.dir().resolve(file.getFileName() + "." + TEMP_NAMES.next() + ".tmp");
            try (java.nio.channels.SeekableByteChannel out = Files.newByteChannel(tmp, Set.of(
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) out.write(buffer);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            cache.wrote(file.getFileName().toString());
            cache.written.increment();
        } catch (IOException | RuntimeException e) {
            // Not kept this time; the next run analyses again.
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temporary file is only space
                }
            }
        }
    }

    private static final class TempNames {
        private final String pid = Long.toString(ProcessHandle.current().pid());
        private final java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();

        String next() {
            return pid + "-" + next.incrementAndGet();
        }
    }

    /** This class's entries, read once per run (shared with its other rewrites). */
    private synchronized Stored stored() {
        if (stored == null) stored = cache.stored(key(), () -> new Stored(read()));
        return stored;
    }

    /** The stored entries, or none when the file is missing or does not read back whole. */
    private Map<String, Entry> read() {
        Path file = file();
        if (!cache.mayHold(file.getFileName().toString())) return new HashMap<>();
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > MAX_BYTES) {
                cache.ignored.increment();
                return new HashMap<>();
            }
            byte[] bytes = new byte[(int) a.size()];
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                // A file replaced meanwhile may be shorter or longer: then it does not decode (checksum, length).
                int n = in.readNBytes(bytes, 0, bytes.length);
                if (n < bytes.length || in.read() >= 0) bytes = java.util.Arrays.copyOf(bytes, n + 1);
            }
            Map<String, Entry> decoded = decode(bytes);
            if (decoded == null) {
                cache.ignored.increment();
                return new HashMap<>();
            }
            return decoded;
        } catch (NoSuchFileException e) {
            return new HashMap<>();
        } catch (IOException | RuntimeException e) {
            cache.ignored.increment();
            return new HashMap<>();
        }
    }

    private byte[] encode(Map<String, Entry> entries) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        out.writeInt(MAGIC);
        out.writeInt(VerdictCache.FORMAT);
        out.writeUTF(key());
        out.writeInt(entries.size());
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
            Entry e = me.getValue();
            out.writeUTF(me.getKey());
            out.writeLong(e.codeHash());
            out.writeInt(e.borrows().size());
            for (Borrow b : e.borrows()) {
                out.writeInt(b.index());
                out.writeBoolean(b.beforeReborrow());
                out.writeByte(b.kind().ordinal());
                out.writeUTF(b.reason());
                out.writeInt(b.line());
                out.writeBoolean(b.file() != null);
                if (b.file() != null) out.writeUTF(b.file());
                out.writeInt(b.restsOn().size());
                for (String name : b.restsOn()) out.writeUTF(name);
            }
            out.writeInt(e.dependsOn().size());
            for (Dependency d : e.dependsOn()) {
                out.writeUTF(d.name());
                out.writeBoolean(d.digest() != null);
                if (d.digest() != null) out.write(d.digest());
            }
            out.writeInt(e.loans().size());
            for (LoanRelease l : e.loans()) {
                out.writeInt(l.release());
                out.writeInt(l.borrow());
            }
        }
        out.flush();
        CRC32C crc = new CRC32C();
        crc.update(buffer.toByteArray());
        out.writeLong(crc.getValue());
        return buffer.toByteArray();
    }

    /** The entries in {@code bytes}, or null unless they are whole, of this format and for this key. */
    private Map<String, Entry> decode(byte[] bytes) throws IOException {
        if (bytes.length < 8 || bytes.length > MAX_BYTES) return null;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        in.skipNBytes(bytes.length - 8);
        if (in.readLong() != crc.getValue()) return null;
        in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8));
        if (in.readInt() != MAGIC || in.readInt() != VerdictCache.FORMAT || !in.readUTF().equals(key())) return null;
        Verdict.Kind[] kinds = Verdict.Kind.values();
        Map<String, Entry> out = new HashMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            String method = in.readUTF();
            long codeHash = in.readLong();
            List<Borrow> borrows = new ArrayList<>();
            for (int b = in.readInt(); b > 0; b--) {
                int index = in.readInt();
                boolean beforeReborrow = in.readBoolean();
                int kind = in.readByte();
                if (kind < 0 || kind >= kinds.length) return null;
                String reason = in.readUTF();
                int line = in.readInt();
                String source = in.readBoolean() ? in.readUTF() : null;
                List<String> restsOn = new ArrayList<>();
                for (int r = in.readInt(); r > 0; r--) restsOn.add(in.readUTF());
                borrows.add(new Borrow(index, beforeReborrow, kinds[kind], reason, line, source, List.copyOf(restsOn)));
            }
            List<Dependency> dependsOn = new ArrayList<>();
            for (int d = in.readInt(); d > 0; d--) {
                String name = in.readUTF();
                byte[] digest = null;
                if (in.readBoolean()) {
                    digest = new byte[32];
                    in.readFully(digest);
                }
                dependsOn.add(new Dependency(name, digest));
            }
            List<LoanRelease> loans = new ArrayList<>();
            for (int l = in.readInt(); l > 0; l--) {
                loans.add(new LoanRelease(in.readInt(), in.readInt()));
            }
            out.put(method, new Entry(codeHash, List.copyOf(borrows), List.copyOf(dependsOn), List.copyOf(loans)));
        }
        return in.available() == 0 ? out : null;
    }
}
