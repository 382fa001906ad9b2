package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.autopool.agent.config.Settings;
import dev.autopool.agent.rewrite.RecordingRuntime.Call;
import dev.autopool.agent.rewrite.fixture.loans.Loans;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which releases name the loan they end ({@code releaseLoan}, {@code releaseLoanIfValid}): a {@code release} rule's
 * call whose value has one borrow origin in the method, and every automatic release. {@link RecordingRuntime}
 * numbers a loan by the index of the call that borrowed it, so {@code gen=N} must point at the right borrow.
 */
class LoanGenerationsTest {
    private static final String FACTORY = "factory " + Loans.class.getName() + "#make(int,int)";
    private static final String RELEASE = "release " + Loans.class.getName() + "#free(java.lang.Object)";

    private static final Settings AUTO_RELEASE_OFF = new Settings(java.util.Map.of("auto-release", "off"));

    private static List<String> run(String method, Class<?>[] types, Object... args) throws Exception {
        return run(Settings.NONE, method, types, args);
    }

    private static List<String> run(Settings settings, String method, Class<?>[] types, Object... args)
            throws Exception {
        Rewriting r = new Rewriting(Rewrites.forSettings(settings, TestFactories.CLASS_PATH), FACTORY, RELEASE);
        r.rewrite(Loans.class);
        Class<?> loans = r.load(Loans.class);
        Object target = java.lang.reflect.Modifier.isStatic(loans.getMethod(method, types).getModifiers()) ? null
                : loans.getConstructor().newInstance();
        loans.getMethod(method, types).invoke(target, args);
        return RecordingRuntime.CALLS.stream()
                .map(c -> c.method() + (c.shape() != null && c.shape().startsWith("gen=") ? " " + c.shape() : ""))
                .toList();
    }

    @Test
    void bothFreesOfOneBorrowNameItsLoanAndTheAutomaticReleasesNameTheirs() throws Exception {
        List<String> calls = run("freedTwice", new Class<?>[] {int.class}, 7);
        // a = make (0); free(a); b = make (2); free(a) names loan 0 again, not b's; c = make (4); b, c at exit.
        assertEquals(List.of("float2d", "releaseLoan gen=0", "float2d", "releaseLoan gen=0", "float2d",
                "release gen=2", "release gen=4"), calls);
        List<Call> recorded = RecordingRuntime.CALLS;
        assertSame(recorded.get(0).array(), recorded.get(3).array());
        assertSame(recorded.get(2).array(), recorded.get(5).array());
        assertSame(recorded.get(4).array(), recorded.get(6).array());
    }

    @Test
    void aBorrowInALoopNamesEachIterationsLoan() throws Exception {
        assertEquals(List.of("float2d", "releaseLoan gen=0", "float2d", "releaseLoan gen=2", "float2d",
                "releaseLoan gen=4"), run("freedInLoop", new Class<?>[] {int.class}, 3));
    }

    @Test
    void aValueOfTwoBorrowsKeepsThePlainRelease() throws Exception {
        assertEquals(List.of("float2d", "release"), run("eitherFreed", new Class<?>[] {boolean.class}, true));
    }

    @Test
    void aValueThatMayBeNullKeepsThePlainRelease() throws Exception {
        assertEquals(List.of("float2d", "release"), run("maybeFreed", new Class<?>[] {boolean.class}, true));
    }

    @Test
    void aFieldsValueKeepsThePlainRelease() throws Exception {
        assertEquals(List.of("float2d", "release"), run("fieldFreed", new Class<?>[0]));
    }

    @Test
    void withAutoReleaseOffTheFreesStillNameTheirLoanAndNothingIsReleasedAutomatically() throws Exception {
        List<String> calls = run(AUTO_RELEASE_OFF, "freedTwice", new Class<?>[] {int.class}, 7);
        // a = make (0); free(a); b = make (2); free(a) names loan 0 again, not b's; c = make (4); b, c go to the GC.
        assertEquals(List.of("float2d", "releaseLoan gen=0", "float2d", "releaseLoan gen=0", "float2d"), calls);
        assertSame(RecordingRuntime.CALLS.get(0).array(), RecordingRuntime.CALLS.get(3).array());
    }

    @Test
    void withAutoReleaseOffALoopNamesEachIterationsLoan() throws Exception {
        assertEquals(List.of("float2d", "releaseLoan gen=0", "float2d", "releaseLoan gen=2", "float2d",
                "releaseLoan gen=4"), run(AUTO_RELEASE_OFF, "freedInLoop", new Class<?>[] {int.class}, 3));
    }

    @Test
    void withAutoReleaseOffAValueOfTwoBorrowsOrAFieldsValueKeepsThePlainRelease() throws Exception {
        assertEquals(List.of("float2d", "release"),
                run(AUTO_RELEASE_OFF, "eitherFreed", new Class<?>[] {boolean.class}, true));
        assertEquals(List.of("float2d", "release"), run(AUTO_RELEASE_OFF, "fieldFreed", new Class<?>[0]));
    }
}
