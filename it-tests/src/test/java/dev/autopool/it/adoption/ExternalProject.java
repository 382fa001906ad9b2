package dev.autopool.it.adoption;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A small Maven project outside the reactor, as an adopter would have it: a buffer factory and its release
 * method, a rules file naming them, and a {@code @CheckBorrows} test class with a leaky and a clean test. Its POM
 * is wired with the README's snippet, read from the README itself; two more surefire executions stand for a
 * build that replaced {@code argLine} (the agent then attaches itself) and for a JVM that forbids attaching.
 */
final class ExternalProject {
    static final String README_SECTION = "## Checking borrows in tests";

    /** Line numbers of the borrows in the generated test, for the expected report lines. */
    static final int LEAKY_LINE = 13;

    private final Path dir;
    private final ScratchRepository repo;

    private ExternalProject(Path dir, ScratchRepository repo) {
        this.dir = dir;
        this.repo = repo;
    }

    static ExternalProject create(Path dir, ScratchRepository repo) throws IOException {
        ScratchRepository.deleteRecursively(dir);
        Path main = Files.createDirectories(dir.resolve("src/main/java/com/example"));
        Path test = Files.createDirectories(dir.resolve("src/test/java/com/example"));
        Files.writeString(dir.resolve("pom.xml"), pom(readmeSnippet()));
        Files.writeString(dir.resolve("autopool.conf"), """
                factory com.example.Buffers#floats(int,int)
                release com.example.Buffers#free(java.lang.Object)
                """);
        Files.writeString(main.resolve("Buffers.java"), """
                package com.example;

                public final class Buffers {
                    private Buffers() {}

                    public static float[][] floats(int rows, int cols) {
                        return new float[rows][cols];
                    }

                    public static void free(Object buffer) {}
                }
                """);
        // LEAKY_LINE is the line of Buffers.floats in leaky().
        Files.writeString(test.resolve("BuffersTest.java"), """
                package com.example;

                import dev.autopool.junit.CheckBorrows;
                import java.util.ArrayList;
                import java.util.List;
                import org.junit.jupiter.api.Test;

                @CheckBorrows
                class BuffersTest {
                    static final List<float[][]> KEPT = new ArrayList<>();

                    @Test void leaky() {
                        KEPT.add(Buffers.floats(64, 64));
                    }

                    @Test void clean() {
                        float[][] b = Buffers.floats(64, 64);
                        b[1][2] = 3f;
                        Buffers.free(b);
                    }
                }
                """);
        return new ExternalProject(dir, repo);
    }

    /** The snippet the README tells adopters to paste: the first xml block of its tests section. */
    static String readmeSnippet() throws IOException {
        String readme = Files.readString(Path.of(ScratchRepository.property("autopool.rootDir"), "README.md"));
        int section = readme.indexOf(README_SECTION);
        if (section < 0) throw new IllegalStateException("README.md has no '" + README_SECTION + "' section");
        int start = readme.indexOf("```xml\n", section) + "```xml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    /** The surefire executions this project runs, each in a JVM of its own, and where each reports. */
    enum Execution {
        /** The README's snippet as it stands: {@code -javaagent} in {@code argLine}. */
        JAVAAGENT("default-test", "surefire-reports"),
        /** Another plugin set {@code argLine} without the agent (as JaCoCo does): the extension attaches it. */
        SELF_ATTACH("self-attach", "reports-self-attach"),
        /** ... and the JVM refuses agents loaded at run time; only the leaky test runs. */
        NO_ATTACH("no-attach", "reports-no-attach");

        final String id;
        final String reports;

        Execution(String id, String reports) {
            this.id = id;
            this.reports = reports;
        }
    }

    private static String pom(String snippet) {
        String dependencies = between(snippet, "<dependencies>", "</dependencies>");
        String plugins = between(snippet, "<plugins>", "</plugins>");
        // The two extra executions go into the snippet's own surefire plugin, after its configuration: one
        // Maven start and one compile serve all three runs.
        String surefire = "<artifactId>maven-surefire-plugin</artifactId>";
        int at = plugins.indexOf("</configuration>", plugins.indexOf(surefire));
        if (plugins.indexOf(surefire) < 0 || at < 0) {
            throw new IllegalStateException("no surefire configuration in the README snippet:\n" + snippet);
        }
        at += "</configuration>".length();
        String agentArgs = "-Dautopool.agent.args=config=${project.basedir}/autopool.conf";
        String executions = """
                      <executions>
                        <execution>
                          <id>self-attach</id>
                          <goals><goal>test</goal></goals>
                          <configuration>
                            <argLine>%1$s</argLine>
                            <reportsDirectory>${project.build.directory}/reports-self-attach</reportsDirectory>
                          </configuration>
                        </execution>
                        <execution>
                          <id>no-attach</id>
                          <goals><goal>test</goal></goals>
                          <configuration>
                            <argLine>-XX:-EnableDynamicAgentLoading %1$s</argLine>
                            <test>BuffersTest#leaky</test>
                            <reportsDirectory>${project.build.directory}/reports-no-attach</reportsDirectory>
                          </configuration>
                        </execution>
                      </executions>
                """.formatted(agentArgs);
        plugins = plugins.substring(0, at) + "\n" + executions + plugins.substring(at);
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>adopter</artifactId>
                  <version>1.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                %s
                    <dependency>
                      <groupId>org.junit.jupiter</groupId>
                      <artifactId>junit-jupiter</artifactId>
                      <version>%s</version>
                      <scope>test</scope>
                    </dependency>
                  </dependencies>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin>
                          <artifactId>maven-resources-plugin</artifactId>
                          <version>3.3.1</version>
                        </plugin>
                        <plugin>
                          <artifactId>maven-compiler-plugin</artifactId>
                          <version>3.14.0</version>
                        </plugin>
                      </plugins>
                    </pluginManagement>
                    <plugins>
                %s
                    </plugins>
                  </build>
                </project>
                """.formatted(dependencies, ScratchRepository.property("autopool.junitVersion"), plugins);
    }

    private static String between(String text, String open, String close) {
        int start = text.indexOf(open);
        int end = text.indexOf(close, start);
        if (start < 0 || end < 0) throw new IllegalStateException("no " + open + " in the README snippet:\n" + text);
        return text.substring(start + open.length(), end);
    }

    /** What {@code mvn test} did: each execution's test verdicts, and the build's output for failure messages. */
    record Build(Map<Execution, Map<String, String>> verdicts, String log) {
        String verdict(Execution execution, String test) {
            String v = verdicts.get(execution).get(test);
            if (v == null) {
                throw new AssertionError("no result for " + test + " in " + execution + ": " + verdicts + "\n" + log);
            }
            return v;
        }
    }

    /** Runs {@code mvn test} offline against the scratch repository. */
    Build test() throws IOException, InterruptedException {
        Path target = dir.resolve("target");
        for (Execution e : Execution.values()) ScratchRepository.deleteRecursively(target.resolve(e.reports));
        List<String> command = List.of(
                Path.of(ScratchRepository.property("autopool.mavenHome"), "bin", "mvn").toString(),
                "-B", "-o", "-s", repo.settings.toString(), "-Dmaven.repo.local=" + repo.dir,
                // The seed mirror is a file: URL; offline mode would refuse it otherwise.
                "-Daether.offline.protocols=file", "-Dmaven.test.failure.ignore=true", "test");
        Path log = dir.resolve("build.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("MAVEN_ARGS");
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mvn did not finish in 10 minutes; see " + log);
        }
        String output = Files.readString(log);
        if (p.exitValue() != 0) throw new AssertionError("mvn failed:\n" + output);
        Map<Execution, Map<String, String>> verdicts = new EnumMap<>(Execution.class);
        for (Execution e : Execution.values()) verdicts.put(e, verdicts(target.resolve(e.reports)));
        return new Build(verdicts, output);
    }

    /** Test name to "passed" or "failed: MESSAGE", from surefire's XML reports. */
    private static Map<String, String> verdicts(Path reports) throws IOException {
        Map<String, String> verdicts = new TreeMap<>();
        if (!Files.isDirectory(reports)) return verdicts;
        try (var files = Files.list(reports)) {
            for (Path xml : files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).toList()) {
                var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
                NodeList cases = doc.getElementsByTagName("testcase");
                for (int i = 0; i < cases.getLength(); i++) {
                    Element c = (Element) cases.item(i);
                    String verdict = "passed";
                    for (String kind : List.of("failure", "error")) {
                        NodeList f = c.getElementsByTagName(kind);
                        if (f.getLength() > 0) verdict = "failed: " + ((Element) f.item(0)).getAttribute("message");
                    }
                    verdicts.put(c.getAttribute("name").replace("()", ""), verdict);
                }
            }
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException(e);
        }
        return verdicts;
    }
}
