package dev.autopool.agent.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Verdicts kept across runs ({@code set cache=DIR}): one file per class, named by a SHA-256 over everything a
 * verdict of that class is computed from apart from its callees (the SHA-256 of the class's bytes, its name, the
 * rules and settings, the agent's own code, the JDK's feature version); inside, each analysed method's plan with the
 * classes it rests on and a SHA-256 of each one's bytes, checked again on every use (see {@link ClassPlans}).
 *
 * <p>A planted verdict is a planted release, so the directory must be the process user's own, a real directory
 * (a symbolic link is not followed) and closed to everyone else (0700; created so when missing). Otherwise the
 * cache is off, with one line saying why. Entries are written to a temporary file and moved into place atomically,
 * so JVMs sharing the directory read a whole entry or none; an entry that does not read back whole (truncated,
 * corrupt, from another format) is ignored and recomputed.
 */
public final class VerdictCache {
    /** Bumped whenever the file format or the meaning of a plan changes. */
    static final int FORMAT = 3;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path dir;
    private final byte[] context;
    final LongAdder hits = new LongAdder();
    /** Entries answered as "waiting": a class they rest on is not linked yet. */
    final LongAdder waitingHits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder ignored = new LongAdder();
    final LongAdder written = new LongAdder();
    /**
     * SHA-256 of class bytes, by class, each with the bytes it was computed from: a class's own entry key and its
     * role as a callee of other classes' plans share one digest, so a warm start hashes each class once instead of
     * once per rewrite and once more per class resting on it. A digest is answered only for equal bytes (compared in
     * full, which costs a fraction of hashing them); the bytes kept here are a copy made here, since an array
     * from the JVM may be reused by a later transformer. Loader ids are never reused.
     */
    private final Map<ClassKey, Digest> digests = new ConcurrentHashMap<>();
    /**
     * Each class's entries as read from its file, by key: decoded at the first question in this run and shared by
     * every later rewrite of the class (a relink, a retransformation), which adds its own plans to them.
     */
    private final Map<String, ClassPlans.Stored> stored = new ConcurrentHashMap<>();
    /** The names of the entry files, listed once at the first question; see {@link #mayHold}. */
    private Set<String> listing;
    private boolean listed;

    /** The SHA-256 of {@code bytes}, a copy nobody writes to. */
    private record Digest(byte[] bytes, byte[] sha) {
        boolean of(byte[] other) {
            return bytes == other || Arrays.equals(bytes, other);
        }
    }

    /**
     * @param context everything besides the class that its verdicts are computed from: rules and settings text,
     *                agent version, JDK feature version (see {@link #context})
     */
    VerdictCache(Path dir, byte[] context) {
        this.dir = dir;
        this.context = context.clone();
    }

    /**
     * The cache in {@code dir} for verdicts under these rules and settings (in canonical text), or null when the
     * directory cannot be trusted or made, after one line to {@code warn}.
     */
    public static VerdictCache open(Path dir, String rules, String settings, Consumer<String> warn) {
        String problem = ownerOnlyProblem(dir);
        if (problem != null) {
            warn.accept("autopool CACHE " + dir + " " + problem + ": the verdict cache is off");
            return null;
        }
        return new VerdictCache(dir, context(rules, settings, agentVersion(), Runtime.version().feature()));
    }

    /** The bytes all of a class's entries are keyed by, besides the class itself. */
    static byte[] context(String rules, String settings, String agentVersion, int jdkFeature) {
        return ("autopool verdict cache " + FORMAT + "\nagent " + agentVersion + "\njdk " + jdkFeature + "\nrules\n"
                + rules + "\nsettings\n" + settings).getBytes(StandardCharsets.UTF_8);
    }

    /** Settings in a stable text form, leaving out {@code cache} itself (where the cache is changes no verdict). */
    public static String settingsText(java.util.Map<String, String> settings) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(settings).forEach((k, v) -> {
            if (!k.equals("cache")) out.append(k).append('=').append(v).append('\n');
        });
        return out.toString();
    }

    /**
     * Why {@code dir} may not hold verdicts, or null: made 0700 when missing (its parent must exist), then it must be
     * a directory itself (not a link), owned by this process's user, with no permission for group or others.
     */
    static String ownerOnlyProblem(Path dir) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null && !Files.isDirectory(parent)) {
                    return "cannot be made: its parent directory " + parent + " does not exist (only the last"
                            + " directory is made, owner-only)";
                }
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) return "is a symbolic link (not followed)";
            if (!a.isDirectory()) return "is not a directory";
            UserPrincipal me = processOwner();
            if (me == null) return "cannot be checked: the process's user is not known";
            if (!a.owner().equals(me)) return "is owned by " + a.owner().getName() + ", not by " + me.getName();
            if (!a.permissions().equals(OWNER_ONLY)) {
                return "has permissions " + PosixFilePermissions.toString(a.permissions())
                        + " (it must be rwx------: chmod 700 " + dir + ")";
            }
            return null;
        } catch (UnsupportedOperationException e) {
            return "cannot be checked for owner-only permissions on this file system";
        } catch (IOException | RuntimeException e) {
            return "cannot be used (" + e + ")";
        }
    }

    /** The user this process runs as: the owner of {@code /proc/self}, else the user named by {@code user.name}. */
    private static UserPrincipal processOwner() {
        try {
            Path self = Path.of("/proc/self");
            if (Files.exists(self)) return Files.getOwner(self);
            return FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The agent's own code: its implementation version and the size and modification time of the jar it runs from,
     * so a rebuilt agent never reads an older one's verdicts. Hashing the jar itself would cost 150-250 ms of
     * start-up on the 2-core test machine; whoever can swap the jar keeping both can swap the agent anyway.
     */
    private static String agentVersion() {
        String version = "version " + VerdictCache.class.getPackage().getImplementationVersion();
        try {
            CodeSource source = VerdictCache.class.getProtectionDomain().getCodeSource();
            Path jar = source == null ? null : Path.of(source.getLocation().toURI());
            if (jar != null && Files.isRegularFile(jar)) {
                BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
                return version + " jar " + jar + " " + a.size() + " " + a.lastModifiedTime().toMillis();
            }
        } catch (Exception e) {
            // the version alone, below
        }
        return version;
    }

    /**
     * The entries of one class, read when first asked; write them back with {@link ClassPlans#save()}. The entry's
     * key is computed at the first question too ({@code loader}: the defining loader's id, asked then), so a class
     * whose rewrite never asks costs no hashing.
     */
    public ClassPlans forClass(String internalName, byte[] classFile, LongSupplier loader) {
        return new ClassPlans(this, () -> key(new ClassKey(loader.getAsLong(), internalName), classFile));
    }

    /** The hex key of a class's entry: SHA-256 over the context, the name and the SHA-256 of the class's bytes. */
    String key(ClassKey c, byte[] classFile) {
        MessageDigest sha = sha256();
        sha.update(context);
        sha.update((byte) 0);
        sha.update(c.name().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(classDigest(c, classFile));
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The SHA-256 of the bytes being rewritten, shared with {@link #digest} when they equal the bytes it was asked
     * for (another rewrite of the class, or the class as a callee). Kept only when none was (a retransformation
     * seeing other bytes does not evict the recorded class's digest).
     */
    private byte[] classDigest(ClassKey c, byte[] classFile) {
        Digest known = digests.get(c);
        if (known != null && known.of(classFile)) return known.sha();
        byte[] sha = sha256().digest(classFile);
        if (known == null) remember(c, classFile, sha);
        return sha;
    }

    /** {@code autopool CACHE hits=... misses=... ignored=... written=...}, for the debug exit block. */
    public String statsLine() {
        return "autopool CACHE dir=" + dir + " hits=" + hits.sum() + " waiting=" + waitingHits.sum() + " misses="
                + misses.sum() + " ignored="
                + ignored.sum() + " written=" + written.sum();
    }

    /**
     * The SHA-256 of {@code bytes}, the class file the code base knows for {@code key}: computed again unless the
     * digest kept for the class is of equal bytes.
     */
    byte[] digest(ClassKey key, byte[] bytes) {
        Digest known = digests.get(key);
        if (known != null && known.of(bytes)) return known.sha();
        byte[] sha = sha256().digest(bytes);
        remember(key, bytes, sha);
        return sha;
    }

    private void remember(ClassKey key, byte[] bytes, byte[] sha) {
        if (digests.size() > 4096) digests.clear(); // bounded: a few MiB of class bytes at most
        digests.put(key, new Digest(bytes.clone(), sha));
    }

    Path dir() {
        return dir;
    }

    /** Larger directories are not listed: each class's file is then asked for on its own. */
    static final int MAX_LISTED = 65_536;

    /**
     * Whether the entry file {@code fileName} may exist. The directory is listed once, at the first question, so a
     * class without an entry costs a set lookup instead of a failed open. An entry another JVM writes later in this
     * run is not seen by it (that class is analysed, and its entry written again). A directory that cannot be
     * listed, or holds more than {@link #MAX_LISTED} names, answers yes: the file itself is then asked.
     */
    synchronized boolean mayHold(String fileName) {
        if (!listed) {
            listed = true;
            listing = list();
        }
        return listing == null || listing.contains(fileName);
    }

    /** Notes an entry file written by this JVM, for {@link #mayHold}. */
    synchronized void wrote(String fileName) {
        if (listing != null) listing.add(fileName);
    }

    private Set<String> list() {
        Set<String> names = new java.util.HashSet<>();
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (names.size() >= MAX_LISTED) return null;
                names.add(f.getFileName().toString());
            }
            return names;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The entries stored under {@code key}, read by {@code read} at the first question in this run. */
    ClassPlans.Stored stored(String key, java.util.function.Supplier<ClassPlans.Stored> read) {
        ClassPlans.Stored known = stored.get(key);
        if (known != null) return known;
        if (stored.size() > 4096) stored.clear(); // bounded: a class's plans take a few KiB
        ClassPlans.Stored fresh = read.get();
        known = stored.putIfAbsent(key, fresh);
        return known == null ? fresh : known;
    }

    /** Cloned for each digest: a provider look-up per class was a third of the cost of keying it. */
    private static final MessageDigest SHA_256 = newSha256();

    static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform has SHA-256
        }
    }
}
