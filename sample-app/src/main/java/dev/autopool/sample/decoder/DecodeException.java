package dev.autopool.sample.decoder;

/**
 * A JPEG file could not be decoded: it is malformed, truncated, or uses a feature this decoder does not
 * support. The message says what was wrong; {@link #offset()} is the byte offset in the file where it was found.
 */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final long offset;

    public DecodeException(String reason, long offset) {
        super(reason + " (at byte offset " + offset + ")");
        this.offset = offset;
    }

    DecodeException(String reason, long offset, Throwable cause) {
        super(reason + " (at byte offset " + offset + ")", cause);
        this.offset = offset;
    }

    /** The byte offset in the input where the problem was detected. */
    public long offset() {
        return offset;
    }
}
