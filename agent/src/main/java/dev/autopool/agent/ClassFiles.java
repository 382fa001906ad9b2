package dev.autopool.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The class files of jars and directories, read as bytes in a stable order, never loaded. */
final class ClassFiles {
    /** One class file: its internal name and bytes. */
    record Entry(String internalName, byte[] bytes) {}

    private ClassFiles() {}

    static List<Entry> read(List<Path> paths) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                        out.add(entry(path.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f)));
                    }
                }
            } else if (Files.isRegularFile(path)) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    List<JarEntry> entries = new ArrayList<>();
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        JarEntry je = e.nextElement();
                        if (je.getName().endsWith(".class") && !je.getName().startsWith("META-INF/")) entries.add(je);
                    }
                    entries.sort((a, b) -> a.getName().compareTo(b.getName()));
                    for (JarEntry je : entries) {
                        try (InputStream in = jar.getInputStream(je)) {
                            out.add(entry(je.getName(), in.readAllBytes()));
                        }
                    }
                }
            } else {
                throw new IOException("no such jar or directory: " + path);
            }
        }
        return out;
    }

    private static Entry entry(String file, byte[] bytes) {
        return new Entry(file.substring(0, file.length() - ".class".length()), bytes);
    }
}
