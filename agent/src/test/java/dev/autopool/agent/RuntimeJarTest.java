package dev.autopool.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the runtime jar goes: a directory of this user alone, a fresh file per process, none left behind. */
class RuntimeJarTest {
    private static final String USER = System.getProperty("user.name");
    private static final byte[] BYTES = {'P', 'K', 3, 4, 42};

    @TempDir
    Path tmp;

    @Test
    void theDirectoryIsCreatedForThisUserAloneAndUsedAgain() throws IOException {
        Path dir = RuntimeJarDirectory.in(tmp, USER);

        assertEquals(tmp.resolve("autopool-" + RuntimeJarDirectory.fileNamePart(USER)), dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals(dir, RuntimeJarDirectory.in(tmp, USER));
    }

    @Test
    void aDirectoryOthersMayWriteIsRefused() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("autopool-" + RuntimeJarDirectory.fileNamePart(USER)));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertEquals(dir + ", whose permissions are rwxrwxrwx, not rwx------",
                RuntimeJarDirectory.claim(dir, USER, Pids.uid()));
        Path used = RuntimeJarDirectory.in(tmp, USER);
        assertNotEquals(dir, used);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(used)));
    }

    @Test
    void aSymbolicLinkIsNeverFollowedEvenToADirectoryOfOurOwn() throws IOException {
        Path ours = Files.createDirectory(tmp.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(RuntimeJarDirectory.OWNER_ONLY));
        Path dir = Files.createSymbolicLink(tmp.resolve("autopool-" + RuntimeJarDirectory.fileNamePart(USER)), ours);

        assertEquals(dir + ", a symbolic link", RuntimeJarDirectory.claim(dir, USER, Pids.uid()));
        Path used = RuntimeJarDirectory.in(tmp, USER);
        assertFalse(used.startsWith(dir) || used.startsWith(ours), used::toString);
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws IOException {
        Path dir = RuntimeJarDirectory.in(tmp, USER);

        String byUid = RuntimeJarDirectory.claim(dir, "nobody", 65534);
        assertTrue(byUid != null && byUid.startsWith(dir + ", owned by "), byUid);
        assertTrue(byUid.endsWith(", not by nobody"), byUid);
        String byName = RuntimeJarDirectory.claim(dir, "nobody", null);
        assertEquals(byUid, byName);
        assertEquals(null, RuntimeJarDirectory.claim(dir, USER, null), "by name, when the uid is unknown");
    }

    @Test
    void theJarIsNamedByPidWrittenFreshAndReplacesALeftoverOfAnEarlierProcessWithThatPid() throws IOException {
        Path dir = RuntimeJarDirectory.in(tmp, USER);
        long pid = ProcessHandle.current().pid();
        Files.write(dir.resolve("autopool-runtime-" + pid + ".jar"), new byte[] {1, 2, 3});

        Path jar = RuntimeJar.extract(BYTES, dir);

        assertEquals(dir.resolve("autopool-runtime-" + pid + ".jar"), jar);
        assertArrayEquals(BYTES, Files.readAllBytes(jar));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(jar)));
    }

    @Test
    void jarsOfDeadProcessesAreRemovedAndThoseOfLiveOnesKept() throws Exception {
        Path dir = RuntimeJarDirectory.in(tmp, USER);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long dead = gone.pid();
        assertTrue(ProcessHandle.of(dead).isEmpty());
        long alive = ProcessHandle.current().parent().orElseThrow().pid();
        Path deadJar = Files.write(dir.resolve("autopool-runtime-" + dead + ".jar"), BYTES);
        Path liveJar = Files.write(dir.resolve("autopool-runtime-" + alive + ".jar"), BYTES);
        Path other = Files.write(dir.resolve("notes.txt"), BYTES);

        RuntimeJar.removeJarsOfDeadProcesses(dir, ProcessHandle.current().pid());

        assertFalse(Files.exists(deadJar));
        assertTrue(Files.exists(liveJar));
        assertTrue(Files.exists(other));
    }

    @Test
    void thisProcesssUidAndPidComeFromProc() throws IOException {
        assertEquals(ProcessHandle.current().pid(), Pids.self());
        assertEquals(Files.getAttribute(tmp, "unix:uid"), Pids.uid(), "a directory this process created is its own");
        assertTrue(Pids.alive(ProcessHandle.current().pid()));
    }

    @Test
    void onlyAutopoolJarNamesCarryAPid() {
        assertEquals(123, RuntimeJar.pidOf("autopool-runtime-123.jar"));
        assertEquals(-1, RuntimeJar.pidOf("autopool-runtime-.jar"));
        assertEquals(-1, RuntimeJar.pidOf("autopool-runtime-12a.jar"));
        assertEquals(-1, RuntimeJar.pidOf("autopool-runtime-1f2e3d4c-5000.jar"));
        assertEquals(-1, RuntimeJar.pidOf("other-123.jar"));
    }

    @Test
    void aUserNameBecomesASafeFileNamePart() {
        assertEquals("alice", RuntimeJarDirectory.fileNamePart("alice"));
        assertEquals("a_b_c", RuntimeJarDirectory.fileNamePart("a/b\\c"));
        assertEquals("unknown", RuntimeJarDirectory.fileNamePart(".."));
    }
}
