package dev.autopool.agent.config;

/**
 * Echoes what the user wrote back in a message, in quotes and cut to a readable length: a 1 MB value pasted into
 * a rules file must cost one short log line, not a 1 MB one. Control characters become {@code ?}, as in the
 * runtime's setting messages ({@code Setting.shown}): an ESC read from the file must not recolour the user's
 * terminal, nor a stray control character garble the log line that reports it.
 */
final class Quoted {
    static final int MAX_ECHO = 80;

    private Quoted() {}

    static String of(String text) {
        if (text.length() <= MAX_ECHO) return "'" + shown(text) + "'";
        return "'" + shown(text.substring(0, cut(text))) + "...' (" + text.length() + " characters)";
    }

    private static String shown(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            clean.append(Character.isISOControl(c) ? '?' : c);
        }
        return clean.toString();
    }

    /** Where a long echo is cut: not between the two halves of a surrogate pair, which would print as garbage. */
    private static int cut(String text) {
        int at = MAX_ECHO - 20;
        return Character.isHighSurrogate(text.charAt(at - 1)) ? at - 1 : at;
    }
}
