package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime jar every class of the JVM trusts comes from a directory only this user can write, is written fresh
 * for each process, and is gone after it; a directory or file someone else planted is never used, and the agent
 * still works.
 */
class RuntimeJarIT {
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path tmp;

    @Test
    void theJarIsThisUsersNamedByPidAndDeletedAtExit() throws Exception {
        ChildRun run = probe();

        Path dir = tmp.resolve("autopool-" + USER);
        assertEquals(dir.resolve("autopool-runtime-" + run.result().get("pid") + ".jar").toString(),
                run.result().get("runtimeJar"), run::toString);
        assertEquals("true", run.result().get("pooled"), run::toString);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertFalse(Files.exists(Path.of(run.result().get("runtimeJar"))), "deleted at exit");
        assertEquals(List.of(), run.lines("autopool AGENT"), run::toString);
    }

    @Test
    void aJarLeftByADeadProcessIsRemovedAtTheNextStartAndALiveOnesKept() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("autopool-" + USER),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertTrue(ProcessHandle.of(gone.pid()).isEmpty());
        Path dead = Files.write(dir.resolve("autopool-runtime-" + gone.pid() + ".jar"), new byte[] {1});
        Path live = Files.write(dir.resolve("autopool-runtime-" + ProcessHandle.current().pid() + ".jar"),
                new byte[] {1});

        ChildRun run = probe();

        assertEquals("true", run.result().get("pooled"), run::toString);
        assertFalse(Files.exists(dead), "the jar of a process that was killed before its exit hooks ran");
        assertTrue(Files.exists(live), "the jar of a running process");
    }

    @Test
    void aSymbolicLinkInPlaceOfTheDirectoryIsNotFollowed() throws Exception {
        Path planted = Files.createDirectory(tmp.resolve("planted"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(tmp.resolve("autopool-" + USER), planted);

        ChildRun run = probe();

        assertUsedAPrivateDirectory(run, link + ", a symbolic link");
        assertEquals(List.of(), list(planted), "nothing is written through the link");
    }

    @Test
    void aDirectoryOthersCanWriteIsNotUsed() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("autopool-" + USER));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        ChildRun run = probe();

        assertUsedAPrivateDirectory(run, dir + ", whose permissions are rwxrwxrwx, not rwx------");
        assertEquals(List.of(), list(dir));
    }

    @Test
    void aDirectoryOwnedBySomeoneElseIsNotUsed() throws Exception {
        Assumptions.assumeTrue("root".equals(USER), "only root can give a directory to another user");
        Path dir = Files.createDirectory(tmp.resolve("autopool-" + USER),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        ChildRun run = probe();

        assertUsedAPrivateDirectory(run, dir + ", owned by nobody, not by " + USER);
    }

    @Test
    void aJarPlantedUnderTheOldSharedNameIsNeverUsed() throws Exception {
        byte[] runtime;
        try (JarFile agent = new JarFile(AgentRuns.agentJar().toFile());
             InputStream in = agent.getInputStream(agent.getEntry("META-INF/autopool/autopool-runtime.jar"))) {
            runtime = in.readAllBytes();
        }
        CRC32 crc = new CRC32();
        crc.update(runtime);
        // What earlier versions reused whoever owned it, as long as the bytes matched.
        Path old = Files.write(tmp.resolve("autopool-runtime-" + HexFormat.of().toHexDigits((int) crc.getValue())
                + "-" + runtime.length + ".jar"), runtime);

        ChildRun run = probe();

        assertEquals("true", run.result().get("pooled"), run::toString);
        assertNotEquals(old.toString(), run.result().get("runtimeJar"));
        assertTrue(run.result().get("runtimeJar").startsWith(tmp.resolve("autopool-" + USER) + "/"), run::toString);
    }

    @Test
    void aUserWithoutANameInThePasswordDatabaseStillGetsItsOwnDirectory() throws Exception {
        // Containers often run as a uid no name resolves to; the owner is then compared by uid.
        ChildRun run = probe("-Duser.name=uid-without-a-name");

        assertEquals(tmp.resolve("autopool-uid-without-a-name").resolve("autopool-runtime-" + run.result().get("pid")
                + ".jar").toString(), run.result().get("runtimeJar"), run::toString);
        assertEquals(List.of(), run.lines("autopool AGENT"), run::toString);
    }

    private ChildRun probe(String... jvmArgs) throws Exception {
        Path conf = AgentRuns.rules(AgentRuns.matrixRules().toArray(String[]::new));
        ChildRun run = AgentRuns.on(Path.of(System.getProperty("java.home")))
                .jvmArgs(List.of(jvmArgs))
                .jvmArg("-Djava.io.tmpdir=" + tmp)
                .withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), AgentRuns.FIXTURES + "RuntimeJarProbe", 120);
        assertEquals(0, run.exitCode(), run::toString);
        return run;
    }

    /** The agent said why in one line, still pools, and took a fresh private directory it removed at exit. */
    private void assertUsedAPrivateDirectory(ChildRun run, String why) throws IOException {
        List<String> lines = run.lines("autopool AGENT");
        assertEquals(1, lines.size(), run::toString);
        assertTrue(lines.get(0).startsWith("autopool AGENT will not extract the runtime jar to " + why
                + "; using a private temporary directory instead."), lines::toString);
        assertEquals("true", run.result().get("pooled"), run::toString);
        Path jar = Path.of(run.result().get("runtimeJar"));
        assertEquals(tmp, jar.getParent().getParent(), run::toString);
        assertTrue(jar.getParent().getFileName().toString().startsWith("autopool-")
                && !jar.getParent().getFileName().toString().equals("autopool-" + USER), run::toString);
        assertFalse(Files.exists(jar, LinkOption.NOFOLLOW_LINKS), "deleted at exit");
        assertFalse(Files.exists(jar.getParent(), LinkOption.NOFOLLOW_LINKS), "and its directory too");
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
