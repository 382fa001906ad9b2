package dev.autopool.agent.config;

/**
 * Echoes what the user wrote back in a message, in quotes and cut to a readable length: a 1 MB value pasted into
 * a rules file must cost one short log line, not a 1 MB one.
 */
final class Quoted {
    static final int MAX_ECHO = 80;

    private Quoted() {}

    static String of(String text) {
        if (text.length() <= MAX_ECHO) return "'" + text + "'";
        return "'" + text.substring(0, MAX_ECHO - 20) + "...' (" + text.length() + " characters)";
    }
}
