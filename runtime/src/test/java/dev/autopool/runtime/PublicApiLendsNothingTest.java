package dev.autopool.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime sits on the bootstrap class path, where every class in the JVM can call its public methods. None
 * of them may hand out a buffer or tensor lent to someone else: every public method or field of the runtime
 * whose type could carry one (an array, {@code Object}, a {@code Buffer}, a reference, a type variable, a
 * function or collection of such) must be on the reviewed list below, with why it hands out only the caller's
 * own. A new one fails this test until it is reviewed.
 */
class PublicApiLendsNothingTest {
    /** Reviewed: each returns (or takes back) only what the caller itself borrowed or passed in. */
    private static final Set<String> REVIEWED = Set.of(
            // the 24 borrow entry points: a fresh loan to the calling site
            "Pools.<elem><rank>d",
            // the direct API: a fresh loan to the caller
            "Autopool.borrow", "Autopool$Scope.borrow",
            // the pool under Pools: a fresh loan (or null on a miss) / the array the caller just allocated
            "pool.ArrayPool.borrow", "pool.ArrayPool.fresh",
            // rewritten createTensor call sites: the caller's new tensor; getBufferRef: the caller's own view
            "onnx.OnnxTensors.createTensor", "onnx.OnnxTensors.viewed",
            // the quarantine's way home: accepted only from Pools, once; refused to any other caller
            // (SettingsSealTest.nobodyButThePoolsMayRegisterARecyclerToReceiveBuffersOthersReleased)
            "track.Tracker.recycleThrough",
            // told of each buffer entering the quarantine: the same check as recycleThrough
            "track.Tracker.holdThrough",
            // told the element type and dimensions of a lent array the GC collected (no buffer: it is gone); the
            // same once-only, pools-only check as recycleThrough
            "track.Tracker.loseThrough",
            // run-time-sized borrows: a fresh loan to the calling site, or the caller's own plain new below
            // min-bytes
            "Pools.<elem><rank>dAtLeast",
            // an ONNX output read into a fresh loan for the calling site (or the tensor's own getValue())
            "Pools.onnxValue", "onnx.OnnxTensors.value",
            // a release rule's virtual call: the array the caller passed in, or null
            "Pools.releasable",
            // a shape's dimensions, not a buffer
            "pool.Shape.dims",
            // a typed view of the caller's own bytes: hands back only what it was given
            "internal.ElementType.view");

    @Test
    void noPublicMethodOrFieldHandsOutABufferLentToSomeoneElse() throws Exception {
        Set<String> unreviewed = new TreeSet<>();
        int classes = 0;
        for (Class<?> c : runtimeClasses()) {
            if (!isPublic(c)) continue;
            classes++;
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || m.isBridge()) continue;
                boolean returns = carries(m.getGenericReturnType());
                boolean hands = Stream.of(m.getGenericParameterTypes()).anyMatch(PublicApiLendsNothingTest::calledBack);
                if (returns || hands) unreviewed.add(name(c, m.getName()));
            }
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers()) && carries(f.getGenericType())) {
                    unreviewed.add(name(c, f.getName()));
                }
            }
        }
        Set<String> stale = new TreeSet<>(REVIEWED);
        stale.removeAll(unreviewed);
        assertEquals(Set.of(), stale, "reviewed entries this scan no longer finds: drop them from the list");
        unreviewed.removeAll(REVIEWED);
        assertTrue(classes > 30, "found only " + classes + " public runtime classes");
        assertEquals(Set.of(), unreviewed, "public runtime API that may hand out others' buffers or tensors");
    }

    @Test
    void theRuntimesMXBeansOfferNoSetterAndOnlyTheReviewedOperations() throws Exception {
        // Reviewed: trim gives free arrays back to the GC, printSummary writes the exit block; neither changes a
        // setting nor hands anything out.
        Set<String> reviewed = Set.of("PoolsMXBean.trim", "PoolsMXBean.printSummary");
        List<String> writable = new ArrayList<>();
        for (Class<?> c : runtimeClasses()) {
            if (!c.isInterface() || !c.getSimpleName().endsWith("MXBean")) continue;
            for (Method m : c.getMethods()) {
                boolean getter = m.getParameterCount() == 0 && m.getReturnType() != void.class
                        && (m.getName().startsWith("get") || m.getName().startsWith("is"));
                String name = c.getSimpleName() + "." + m.getName();
                if (!getter && !reviewed.contains(name)) writable.add(name);
            }
        }
        assertEquals(List.of(), writable, "JMX may read the runtime, never change its settings");
        assertTrue(dev.autopool.runtime.pool.PoolsMXBean.class.getMethod("trim").getParameterCount() == 0
                && dev.autopool.runtime.pool.PoolsMXBean.class.getMethod("printSummary").getParameterCount() == 0,
                "the reviewed operations take no argument");
        assertTrue(ManagementFactory.getPlatformMBeanServer() != null);
    }

    private static String name(Class<?> c, String member) {
        String pkg = c.getPackageName().substring("dev.autopool.runtime".length());
        String simple = c.getName().substring(c.getPackageName().length() + 1);
        String method = c == Pools.class && member.matches("(float|double|int|long|short|byte)[1-4]d(AtLeast)?")
                ? member.replaceFirst("^[a-z]+[1-4]d", "<elem><rank>d") : member;
        return (pkg.isEmpty() ? "" : pkg.substring(1) + ".") + simple + "." + method;
    }

    /** Whether a value of this type could be, or hold, a buffer or tensor. */
    private static boolean carries(Type t) {
        return carries(t, new java.util.HashSet<>());
    }

    private static boolean carries(Type t, Set<Type> seen) {
        if (!seen.add(t)) return false;
        if (t instanceof Class<?> c) {
            if (c == dev.autopool.runtime.pool.Shape.class) return false; // reviewed: its int[] is dimensions
            if (c.isArray()) return c.getComponentType().isPrimitive() || carries(c.getComponentType(), seen);
            if (c == Object.class || Buffer.class.isAssignableFrom(c) || Reference.class.isAssignableFrom(c)) return true;
            if (Iterable.class.isAssignableFrom(c) || java.util.Map.class.isAssignableFrom(c)
                    || c == java.util.Optional.class || c.getPackageName().equals("java.util.function")) {
                return true; // raw: its elements could be anything
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    if (carries(rc.getGenericType(), seen)) return true;
                }
            }
            return false;
        }
        if (t instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (raw == Class.class || raw == java.util.concurrent.CompletableFuture.class) return false;
            for (Type arg : p.getActualTypeArguments()) {
                if (carries(arg, seen)) return true;
            }
            return carries(raw, seen) && p.getActualTypeArguments().length == 0;
        }
        if (t instanceof GenericArrayType g) return carries(g.getGenericComponentType(), seen);
        return true; // type variables and wildcards
    }

    /** A parameter through which the runtime would call the caller back with values that may be buffers. */
    private static boolean calledBack(Type t) {
        Class<?> raw = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : t instanceof Class<?> c ? c : null;
        return raw != null && raw.getPackageName().equals("java.util.function") && carries(t);
    }

    private static boolean isPublic(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers())) return false;
        }
        return true;
    }

    private static List<Class<?>> runtimeClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Pools.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.');
                name = name.substring(0, name.length() - ".class".length());
                all.add(Class.forName(name, false, Pools.class.getClassLoader()));
            }
        }
        return all;
    }
}
