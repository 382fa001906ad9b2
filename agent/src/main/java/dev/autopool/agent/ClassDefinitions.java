package dev.autopool.agent;

import dev.autopool.agent.analysis.ClassKey;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The class bytes autopool's transformer saw defined, per (defining loader, name): the only code an automatic
 * release may rest on. Loaders are held weakly and only as keys (each gets a numeric id, {@link ClassKey#loader});
 * nothing stored for a loader refers back to it. Bytes are kept for application classes (up to
 * {@link #MAX_KEPT_BYTES} in all; past it, new classes keep only their hash and are unknown to the analysis); JDK
 * classes are not recorded at all (the analysis reads none of them, it has an allowlist). Every recorded class
 * has a CRC32C hash of its bytes, so a second definition with other bytes is noticed.
 *
 * <p>A class is <em>distrusted</em> for good once anyone but autopool redefines or retransforms it, or once it is
 * offered for definition with bytes other than those recorded: from then on the analysis does not know it.
 */
final class ClassDefinitions {
    /** Class bytes kept in all, at most (the sample apps need well under 1 MiB). */
    static final long MAX_KEPT_BYTES = 64L << 20;

    /** What was seen of one class. */
    record Definition(int hash, byte[] bytes) {}

    private final Map<ClassLoader, Long> loaderIds = new WeakHashMap<>();
    private final Map<Long, Map<String, Definition>> byLoader = new ConcurrentHashMap<>();
    private final Set<ClassKey> distrusted = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextLoaderId = new AtomicLong(1);
    private final AtomicLong keptBytes = new AtomicLong();

    /** The id of a loader (0: the bootstrap loader); the loader is held weakly. */
    long idOf(ClassLoader loader) {
        if (loader == null) return ClassKey.BOOT;
        synchronized (loaderIds) {
            Long id = loaderIds.get(loader);
            if (id == null) {
                id = nextLoaderId.getAndIncrement();
                loaderIds.put(loader, id);
            }
            return id;
        }
    }

    ClassKey key(ClassLoader loader, String internalName) {
        return new ClassKey(idOf(loader), internalName);
    }

    /** Whether the analysis may ever read this class: not the JDK's, not autopool's own. */
    static boolean mayMatter(String internalName) {
        return internalName != null && !IgnoredClasses.isPlatformOrAutopool(internalName);
    }

    /**
     * Records bytes offered for the definition of a class. Returns the key of a class whose earlier recorded
     * bytes differ (now distrusted), or null.
     */
    ClassKey defined(ClassLoader loader, String internalName, byte[] bytes) {
        if (!mayMatter(internalName)) return null;
        long id = idOf(loader);
        Map<String, Definition> classes = byLoader.computeIfAbsent(id, l -> new ConcurrentHashMap<>());
        int hash = hash(bytes);
        Definition earlier = classes.get(internalName);
        if (earlier != null) {
            if (earlier.hash() == hash && (earlier.bytes() == null || Arrays.equals(earlier.bytes(), bytes))) {
                return null;
            }
            ClassKey key = new ClassKey(id, internalName);
            distrusted.add(key);
            return key;
        }
        byte[] kept = null;
        if (keptBytes.addAndGet(bytes.length) <= MAX_KEPT_BYTES) {
            kept = bytes.clone(); // a later transformer may reuse the array it was given
        } else {
            keptBytes.addAndGet(-bytes.length);
        }
        Definition raced = classes.putIfAbsent(internalName, new Definition(hash, kept));
        if (raced != null && raced.hash() != hash) {
            // Two definitions at once with other bytes: the JVM keeps one of them, and we cannot tell which.
            ClassKey key = new ClassKey(id, internalName);
            distrusted.add(key);
            return key;
        }
        return null;
    }

    /** Marks a class as changed by someone else: unknown to the analysis from now on. */
    void distrust(ClassKey key) {
        distrusted.add(key);
    }

    boolean isDistrusted(ClassKey key) {
        return distrusted.contains(key);
    }

    /** What was recorded for the class, or null. */
    Definition get(ClassKey key) {
        Map<String, Definition> classes = byLoader.get(key.loader());
        return classes == null ? null : classes.get(key.name());
    }

    /** Forgets the classes of loaders that are gone (their ids are never reused). */
    void expungeDeadLoaders() {
        Set<Long> live;
        synchronized (loaderIds) {
            live = new java.util.HashSet<>(loaderIds.values()); // touching the weak map drops collected loaders
        }
        byLoader.entrySet().removeIf(e -> {
            if (e.getKey() == ClassKey.BOOT || live.contains(e.getKey())) return false;
            e.getValue().values().forEach(d -> keptBytes.addAndGet(d.bytes() == null ? 0 : -d.bytes().length));
            return true;
        });
    }

    static int hash(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
    }
}
