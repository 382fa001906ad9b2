package dev.autopool.sample;

/**
 * A mistake on the command line or in the files it names (a missing argument, no such input, an output
 * directory that does not exist): the user gets its message as one line and exit status 2, not a stack trace.
 */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
