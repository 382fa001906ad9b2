package dev.autopool.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDumpTest {
    @TempDir
    Path dir;

    private List<Path> allFiles() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(dir::relativize).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void aClassIsWrittenUnderItsPackageAndNoTemporaryFileStays() throws Exception {
        byte[] bytes = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 1, 2, 3};

        Path file = ClassDump.write(dir, "com/example/Foo", bytes);

        assertEquals(dir.resolve("com/example/Foo.class"), file);
        assertArrayEquals(bytes, Files.readAllBytes(file));
        assertEquals(List.of(Path.of("com/example/Foo.class")), allFiles());
    }

    @Test
    void aClassRewrittenAgainReplacesTheOldFileWhole() throws Exception {
        ClassDump.write(dir, "Foo", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        byte[] shorter = {9, 9};

        ClassDump.write(dir, "Foo", shorter);

        assertArrayEquals(shorter, Files.readAllBytes(dir.resolve("Foo.class")));
        assertEquals(List.of(Path.of("Foo.class")), allFiles());
    }
}
