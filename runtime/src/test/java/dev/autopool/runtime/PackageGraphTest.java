package dev.autopool.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages depend on each other one way, read from the compiled classes' constant pools (every class
 * a class names in code, fields, signatures or annotations; not names in strings, which link nothing):
 * entry points ({@code Pools}, {@code Autopool}, {@code Sites}) -> {@code onnx} -> {@code pool} -> {@code track}
 * -> {@code settings} -> {@code report} -> {@code internal} (the call sites, the runtime's threads).
 */
class PackageGraphTest {
    /** Each package may depend only on those after it. */
    static final List<String> LAYERS = List.of("", "onnx", "pool", "track", "settings", "report", "internal");
    private static final String ROOT = "dev/autopool/runtime";
    private static final Pattern NAMED = Pattern.compile(ROOT + "(/[a-z]+)*/[A-Z][\\w$]*");

    @Test
    void noPackageOfTheRuntimeIsInACycle() throws Exception {
        Map<String, Set<String>> edges = packageEdges();
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : new Components(edges).strong()) {
            if (component.size() > 1) {
                cycles.add(component + " through " + classEdgesWithin(component));
            }
        }
        assertEquals(List.of(), cycles);
    }

    @Test
    void everyPackageDependsOnlyOnTheLayersBelowIt() throws Exception {
        List<String> upward = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : classEdges().entrySet()) {
            int from = layer(packageOf(e.getKey()));
            for (String target : e.getValue()) {
                int to = layer(packageOf(target));
                if (to < from) upward.add(e.getKey() + " -> " + target);
            }
        }
        assertEquals(List.of(), upward);
    }

    @Test
    void theGraphIsReadFromEveryRuntimeClass() throws Exception {
        Map<String, Set<String>> classes = classEdges();
        assertTrue(classes.containsKey(ROOT + "/Pools"), classes.keySet()::toString);
        assertTrue(classes.get(ROOT + "/Pools").contains(ROOT + "/pool/GlobalPool"), "a known edge is seen");
        for (String p : packageEdges().keySet()) {
            assertTrue(LAYERS.contains(p), "package " + p + " has a place in LAYERS");
        }
    }

    private static int layer(String pkg) {
        int i = LAYERS.indexOf(pkg);
        return i >= 0 ? i : Integer.MAX_VALUE;
    }

    private static String packageOf(String className) {
        String rest = className.substring(ROOT.length());
        int slash = rest.lastIndexOf('/');
        return slash <= 0 ? "" : rest.substring(1, slash);
    }

    private static Map<String, Set<String>> packageEdges() throws Exception {
        Map<String, Set<String>> packages = new TreeMap<>();
        for (Map.Entry<String, Set<String>> e : classEdges().entrySet()) {
            String from = packageOf(e.getKey());
            Set<String> to = packages.computeIfAbsent(from, k -> new TreeSet<>());
            for (String target : e.getValue()) {
                if (!packageOf(target).equals(from)) to.add(packageOf(target));
            }
        }
        return packages;
    }

    private static List<String> classEdgesWithin(Set<String> component) throws Exception {
        List<String> within = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : classEdges().entrySet()) {
            String from = packageOf(e.getKey());
            for (String target : e.getValue()) {
                String to = packageOf(target);
                if (!to.equals(from) && component.contains(from) && component.contains(to)) {
                    within.add(e.getKey() + " -> " + target);
                }
            }
        }
        return within;
    }

    /** Every runtime class (nested ones under their outer class) and the runtime classes it names. */
    private static Map<String, Set<String>> classEdges() throws IOException, URISyntaxException {
        Path classes = Path.of(Pools.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Set<String>> edges = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes.resolve(ROOT))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = outer(classes.relativize(file).toString().replace('\\', '/').replace(".class", ""));
                Set<String> targets = edges.computeIfAbsent(name, k -> new TreeSet<>());
                try (InputStream in = Files.newInputStream(file)) {
                    for (String utf8 : ConstantPool.utf8(in)) {
                        Matcher m = NAMED.matcher(utf8);
                        while (m.find()) {
                            String target = outer(m.group());
                            if (!target.equals(name)) targets.add(target);
                        }
                    }
                }
            }
        }
        return edges;
    }

    private static String outer(String className) {
        int dollar = className.indexOf('$');
        return dollar < 0 ? className : className.substring(0, dollar);
    }

    /** The text constants of a class file: class names, descriptors and signatures are among them. */
    static final class ConstantPool {
        static List<String> utf8(InputStream stream) throws IOException {
            DataInputStream in = new DataInputStream(stream);
            if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            List<String> texts = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> texts.add(in.readUTF());
                    case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++; // a long or double takes two entries
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            return texts;
        }
    }

    /** Tarjan's strongly connected components of the package graph. */
    private static final class Components {
        private final Map<String, Set<String>> edges;
        private final Map<String, Integer> index = new TreeMap<>();
        private final Map<String, Integer> low = new TreeMap<>();
        private final List<String> stack = new ArrayList<>();
        private final List<Set<String>> found = new ArrayList<>();

        Components(Map<String, Set<String>> edges) {
            this.edges = edges;
        }

        List<Set<String>> strong() {
            for (String node : edges.keySet()) {
                if (!index.containsKey(node)) visit(node);
            }
            return found;
        }

        private void visit(String node) {
            index.put(node, index.size());
            low.put(node, index.get(node));
            stack.add(node);
            for (String next : edges.getOrDefault(node, Set.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(node, Math.min(low.get(node), low.get(next)));
                } else if (stack.contains(next)) {
                    low.put(node, Math.min(low.get(node), index.get(next)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                Set<String> component = new TreeSet<>();
                String member;
                do {
                    member = stack.remove(stack.size() - 1);
                    component.add(member);
                } while (!member.equals(node));
                found.add(component);
            }
        }
    }
}
