package dev.autopool.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.agent.analysis.Verdict.Kind;
import dev.autopool.agent.analysis.fixtures.Corpus;
import dev.autopool.agent.analysis.fixtures.Frame;
import dev.autopool.agent.analysis.fixtures.TestPools;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The escape analysis over a corpus of small methods: each method's verdict and reason, and, running the
 * rewritten code, that a released buffer goes home exactly once and an escaping one never does.
 */
class EscapeVerdictsTest {
    private final RewritingLoader loader = new RewritingLoader();

    @BeforeEach
    void resetCounts() {
        TestPools.reset();
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("localScratch", Kind.RELEASED_BY_AGENT, "at every exit and before it is borrowed again"),
                Arguments.of("scratchInLoop", Kind.RELEASED_BY_AGENT, "before it is borrowed again"),
                Arguments.of("passedToHarmlessHelper", Kind.RELEASED_BY_AGENT, "at every exit"),
                Arguments.of("passedToUnknownMethod", Kind.ESCAPES,
                        "passed to Consumer.accept at Corpus.java:44, which a subclass may override"),
                Arguments.of("storedToStaticField", Kind.ESCAPES, "stored to static field `Corpus.kept` at Corpus.java:50"),
                Arguments.of("storedIntoAnotherArray", Kind.ESCAPES, "stored into an array at Corpus.java:57"),
                Arguments.of("rowStoredToField", Kind.ESCAPES,
                        "a sub-array of it stored to static field `Corpus.keptRow` at Corpus.java:63"),
                Arguments.of("returned", Kind.ESCAPES, "returned at Corpus.java:70"),
                Arguments.of("capturedByLambda", Kind.ESCAPES, "captured by a lambda or invokedynamic `run` at Corpus.java:75"),
                Arguments.of("thrownThrough", Kind.RELEASED_BY_AGENT, "at every exit"),
                Arguments.of("twoAliases", Kind.RELEASED_BY_AGENT, "at every exit"),
                Arguments.of("tryFinally", Kind.RELEASED_BY_AGENT, "at every exit"),
                Arguments.of("synchronizedBlock", Kind.RELEASED_BY_AGENT, "at every exit"),
                Arguments.of("synchronizedMethod", Kind.RELEASED_BY_AGENT, "at every exit"),
                Arguments.of("usedAsMonitor", Kind.ESCAPES, "used as a monitor at Corpus.java:156"),
                Arguments.of("helperReturnsBorrow", Kind.RELEASED_BY_AGENT, "at every exit"),
                Arguments.of("fresh", Kind.ESCAPES, "returned at"),
                Arguments.of("releasedByTheApp", Kind.RELEASED_BY_APP, "handed to a release method at Corpus.java:171"),
                Arguments.of("rowsReleasedByTheApp", Kind.ESCAPES, "a sub-array of it is handed to a release method"
                        + " at Corpus.java:308 (a row is no loan: release the matrix itself)"),
                Arguments.of("previousStillInUse", Kind.RELEASED_BY_AGENT, "still in use when it is borrowed again"),
                Arguments.of("objectUnderConstructionAcrossABranch", Kind.RELEASED_BY_AGENT, "at every exit"),
                Arguments.of("passedToAFinalClassMethod", Kind.RELEASED_BY_AGENT, "at every exit"),
                Arguments.of("borrowedWhileAnObjectIsUnderConstruction", Kind.RELEASED_BY_AGENT, "before it is borrowed again"),
                Arguments.of("passedToARecursiveHelper", Kind.ESCAPES,
                        "passed to Corpus.walk at Corpus.java:210, which may leak it: passed to Corpus.walk at Corpus.java:259,"
                                + " which is part of a recursive call chain"),
                Arguments.of("passedToAHelperThatReleasesIt", Kind.RELEASED_BY_APP,
                        "handed to a release method at Corpus.java:218"),
                Arguments.of("releasedThroughTheDirectApi", Kind.RELEASED_BY_APP,
                        "handed to a release method at Corpus.java:281"),
                Arguments.of("passedToHelperThatKeepsIt", Kind.ESCAPES,
                        "passed to Corpus.keep at Corpus.java:191, which may leak it: stored to static field `Corpus.kept`"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("corpus")
    void eachMethodGetsItsVerdictAndReason(String method, Kind kind, String reason) {
        Verdict v = only(method);
        assertEquals(kind, v.kind(), v::toString);
        assertTrue(v.reason().contains(reason), () -> "expected '" + reason + "' in " + v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localScratch", "passedToHarmlessHelper", "twoAliases", "helperReturnsBorrow",
            "synchronizedMethod", "objectUnderConstructionAcrossABranch", "passedToAFinalClassMethod",
            "passedToAHelperThatReleasesIt"})
    void aLocalScratchGoesHomeExactlyOnceWithTheSameAnswer(String method) throws Exception {
        assertEquals(original(method, 3), run(method, 3));
        assertEachBorrowReleasedOnce(1);
    }

    @Test
    void aLoopReleasesThePreviousIterationsBufferBeforeBorrowingAgain() throws Exception {
        assertEquals(original("scratchInLoop", 5), run("scratchInLoop", 5));
        assertEachBorrowReleasedOnce(5);
        assertEquals(1, TestPools.maxOutstanding(), "only one buffer is out at a time");
    }

    @Test
    void aBorrowInsideAConstructorCallsArgumentsIsReleasedBeforeTheNextOne() throws Exception {
        assertEquals(original("borrowedWhileAnObjectIsUnderConstruction", 3),
                run("borrowedWhileAnObjectIsUnderConstruction", 3));
        assertEachBorrowReleasedOnce(3);
        assertEquals(1, TestPools.maxOutstanding());
    }

    @Test
    void aBufferStillInUseWhenTheLoopBorrowsAgainIsNeverReleasedEarly() throws Exception {
        assertEquals(original("previousStillInUse", 4), run("previousStillInUse", 4));
        List<Object> borrowed = TestPools.borrowed();
        assertEquals(4, borrowed.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(0, TestPools.releasesOf(borrowed.get(i)), "buffer " + i + " is left to the GC");
        }
        assertEquals(1, TestPools.releasesOf(borrowed.get(3)), "the last buffer goes home at the exit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"passedToUnknownMethod", "storedToStaticField", "storedIntoAnotherArray",
            "rowStoredToField", "returned", "capturedByLambda", "usedAsMonitor", "passedToHelperThatKeepsIt", "passedToARecursiveHelper"})
    void anEscapingBufferIsNeverReleased(String method) throws Exception {
        invoke(method, 3);
        assertEquals(1, TestPools.borrowed().size());
        assertEquals(0, TestPools.releases());
    }

    @Test
    void aBufferKeptInAnInstanceFieldEscapesWithTheFieldNamed() throws Exception {
        Verdict v = loader.rewrite(Frame.class.getName()).get(0);
        assertEquals(Kind.ESCAPES, v.kind());
        assertEquals("stored to field `Frame.buffer` at Frame.java:8", v.reason());
        Object frame = loader.loadClass(Frame.class.getName()).getConstructor().newInstance();
        frame.getClass().getMethod("decode", int.class).invoke(frame, 3);
        assertEquals(0, TestPools.releases());
    }

    @ParameterizedTest
    @ValueSource(strings = {"releasedByTheApp", "releasedThroughTheDirectApi"})
    void aReleaseByTheAppIsNotDoubled(String method) throws Exception {
        assertEquals(original(method, 3), run(method, 3));
        assertEachBorrowReleasedOnce(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"thrownThrough", "tryFinally", "synchronizedBlock"})
    void aBufferGoesHomeOnceWhenAnExceptionLeavesTheMethod(String method) throws Exception {
        assertEquals(original(method, 0), run(method, 0));
        assertEachBorrowReleasedOnce(1);
        TestPools.reset();
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> invoke(method, 2));
        assertInstanceOf(IllegalStateException.class, thrown.getCause());
        assertEachBorrowReleasedOnce(1);
    }

    @Test
    void aSynchronizedBlockStillReleasesItsMonitorWhenTheBufferGoesHome() throws Exception {
        assertThrows(InvocationTargetException.class, () -> invoke("synchronizedBlock", 2));
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                invoke("synchronizedBlock", 0);
            } catch (Throwable e) {
                failure.set(e); // asserted on the test thread: an error here would otherwise only end this thread
            }
        });
        other.start();
        other.join(10_000);
        assertTrue(!other.isAlive(), "another thread can enter the monitor");
        assertEquals(null, failure.get(), "the other thread runs the method normally");
    }

    @ParameterizedTest(name = "path {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void everyPathOutOfAMethodReleasesEachBorrowOnce(int path) throws Exception {
        List<Verdict> verdicts = verdictsOf("exceptionsOnEveryPath");
        assertEquals(2, verdicts.size());
        verdicts.forEach(v -> assertEquals(Kind.RELEASED_BY_AGENT, v.kind(), v::toString));
        Object expected;
        try {
            expected = original("exceptionsOnEveryPath", path);
        } catch (InvocationTargetException e) {
            expected = e.getCause().getClass();
        }
        TestPools.reset();
        Object actual;
        try {
            actual = run("exceptionsOnEveryPath", path);
        } catch (InvocationTargetException e) {
            actual = e.getCause().getClass();
        }
        assertEquals(expected, actual);
        // Paths 1 to 3 leave before (or while) the second buffer is borrowed.
        assertEachBorrowReleasedOnce(path == 0 || path == 4 ? 2 : 1);
    }

    private void assertEachBorrowReleasedOnce(int borrows) {
        List<Object> borrowed = TestPools.borrowed();
        assertEquals(borrows, borrowed.size(), "borrows");
        for (Object b : borrowed) {
            assertEquals(1, TestPools.releasesOf(b), "each buffer goes home exactly once");
        }
        assertEquals(borrows, TestPools.releases(), "no release of anything else");
    }

    private Verdict only(String method) {
        List<Verdict> found = verdictsOf(method);
        assertEquals(1, found.size(), () -> method + ": " + found);
        return found.get(0);
    }

    private List<Verdict> verdictsOf(String method) {
        if (loader.verdicts().isEmpty()) {
            loader.rewrite(Corpus.class.getName());
        }
        return loader.verdicts().stream().filter(v -> v.method().equals(method)).toList();
    }

    private Object run(String method, int arg) throws Exception {
        return invoke(method, arg);
    }

    private Object invoke(String method, int arg) throws Exception {
        Class<?> rewritten = loader.loadClass(Corpus.class.getName());
        Method m = rewritten.getMethod(method, int.class);
        return m.invoke(null, arg);
    }

    /** The unrewritten method's answer; its borrows are forgotten before the rewritten run. */
    private static Object original(String method, int arg) throws Exception {
        Method m = Corpus.class.getMethod(method, int.class);
        try {
            return m.invoke(null, arg);
        } finally {
            TestPools.reset();
        }
    }
}
