package dev.autopool.runtime.report;

/** Lets tests in other packages start from unsealed settings; the runtime itself offers no way to reopen them. */
public final class SealForTests {
    private SealForTests() {}

    /** See {@link SettingsSeal#reopenForTests()}. */
    public static void reopen() {
        SettingsSeal.reopenForTests();
    }
}
