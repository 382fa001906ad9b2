package dev.autopool.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The class files of jars and directories, read as bytes in a stable order, never loaded: the ones the running
 * JDK would load from them. A multi-release jar is read as this JDK reads it (a class's file under {@code
 * META-INF/versions/N/} for the highest N up to this JDK's version replaces the base one), and a directory's
 * {@code META-INF/} is skipped, as the JVM never loads classes from there (a directory is never multi-release).
 */
final class ClassFiles {
    /** One class file: its internal name and bytes. */
    record Entry(String internalName, byte[] bytes) {}

    private static final String VERSIONS = "META-INF/versions/";
    /** Classes named in a note before "and N more". */
    private static final int NAMED = 10;

    private ClassFiles() {}

    static List<Entry> read(List<Path> paths) throws IOException {
        return read(paths, note -> {});
    }

    /**
     * Reads the class files; {@code notes} gets a line for each jar or directory whose classes depend on the JDK
     * (a multi-release jar with versioned classes) or that holds versioned classes the JVM ignores.
     */
    static List<Entry> read(List<Path> paths, Consumer<String> notes) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                readDirectory(path, out, notes);
            } else if (Files.isRegularFile(path)) {
                readJar(path, out, notes);
            } else {
                throw new IOException("no such jar or directory: " + path);
            }
        }
        return out;
    }

    private static void readDirectory(Path root, List<Entry> out, Consumer<String> notes) throws IOException {
        boolean versioned = false;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = root.relativize(f).toString().replace('\\', '/');
                if (name.startsWith("META-INF/")) {
                    versioned |= name.startsWith(VERSIONS);
                    continue;
                }
                out.add(entry(name, Files.readAllBytes(f)));
            }
        }
        if (versioned) {
            notes.accept(root + " is a directory: its " + VERSIONS + " classes are ignored, as the JVM ignores them"
                    + " on a class path directory (only a jar is multi-release); judged its base classes");
        }
    }

    private static void readJar(Path path, List<Entry> out, Consumer<String> notes) throws IOException {
        // The version the JDK's own class loaders read multi-release jars at.
        Runtime.Version version = JarFile.runtimeVersion();
        JarFile opened;
        try {
            opened = new JarFile(path.toFile(), true, ZipFile.OPEN_READ, version);
        } catch (java.util.zip.ZipException e) {
            // The JDK's own words ("zip END header not found") name neither the file nor what was expected.
            throw new IOException(path + " is neither a jar nor a directory (" + e.getMessage() + "): give jars or"
                    + " class-path root directories" + (path.toString().endsWith(".class")
                    ? ", e.g. the directory that holds com/acme/... for a class file" : ""), e);
        }
        try (JarFile jar = opened) {
            // Each class once, under its base name, with the entry this JDK would load (versioned or base).
            List<JarEntry> entries = jar.versionedStream()
                    .filter(Objects::nonNull)
                    .filter(je -> je.getName().endsWith(".class") && !je.getName().startsWith("META-INF/"))
                    .sorted(Comparator.comparing(JarEntry::getName))
                    .toList();
            for (JarEntry je : entries) {
                try (InputStream in = jar.getInputStream(je)) {
                    out.add(entry(je.getName(), in.readAllBytes()));
                }
            }
            List<String> nested = jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".jar")).toList();
            if (!nested.isEmpty()) {
                notes.accept(path + " holds " + nested.size() + " nested jar(s) (" + String.join(", ",
                        nested.subList(0, Math.min(3, nested.size()))) + (nested.size() > 3 ? ", ..." : "")
                        + "): their classes are not read; give them as jars of their own");
            }
            if (jar.isMultiRelease()) {
                Map<String, Set<Integer>> versions = versionedClasses(jar);
                if (!versions.isEmpty()) notes.accept(multiReleaseNote(path, version, versions));
            }
        }
    }

    /** The classes a multi-release jar has versioned files for, by class name, with the versions. */
    private static Map<String, Set<Integer>> versionedClasses(JarFile jar) {
        Map<String, Set<Integer>> versions = new TreeMap<>();
        jar.stream().map(JarEntry::getName).filter(n -> n.startsWith(VERSIONS) && n.endsWith(".class")).forEach(n -> {
            int slash = n.indexOf('/', VERSIONS.length());
            if (slash < 0) return;
            String base = n.substring(slash + 1);
            if (base.startsWith("META-INF/")) return;
            try {
                int v = Integer.parseInt(n.substring(VERSIONS.length(), slash));
                // Versions up to 8 are never looked up by the JDK.
                if (v > 8) {
                    versions.computeIfAbsent(base.substring(0, base.length() - ".class".length()).replace('/', '.'),
                            k -> new TreeSet<>()).add(v);
                }
            } catch (NumberFormatException e) {
                // Not a version directory: the JDK ignores it too.
            }
        });
        return versions;
    }

    private static String multiReleaseNote(Path jar, Runtime.Version version, Map<String, Set<Integer>> versions) {
        String named = versions.entrySet().stream().limit(NAMED)
                .map(e -> e.getKey() + " (versions " + e.getValue().stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining(", "));
        if (versions.size() > NAMED) named += " and " + (versions.size() - NAMED) + " more";
        return jar + " is a multi-release jar: judged as JDK " + version.feature() + " loads it; other JDKs may load"
                + " other code for " + named + ", so audit on the JDK the app runs on";
    }

    private static Entry entry(String file, byte[] bytes) {
        return new Entry(file.substring(0, file.length() - ".class".length()), bytes);
    }
}
